using Byline.Web.Features.Comments;

// In the features' namespace so Program.cs needs one line and no using.
namespace Byline.Web.Features;

public static class ModerationRegistration
{
    /// <summary>The comment moderation pages' reads; the writes are <see cref="CommentService"/>'s.</summary>
    public static IServiceCollection AddCommentModeration(this IServiceCollection services)
    {
        services.AddScoped<CommentModerationQueries>();
        return services;
    }
}
