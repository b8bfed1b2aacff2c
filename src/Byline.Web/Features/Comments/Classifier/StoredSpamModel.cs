namespace Byline.Web.Features.Comments.Classifier;

/// <summary>The site's spam model as bytes (<see cref="Spam.SpamModel.ToBytes"/>): one row, shared by every node.</summary>
public sealed class StoredSpamModel
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required byte[] Data { get; set; }

    /// <summary>Moderator verdicts and training runs applied so far; goes up by one with every save.</summary>
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}
