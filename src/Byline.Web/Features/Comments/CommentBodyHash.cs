using System.Security.Cryptography;
using System.Text;

namespace Byline.Web.Features.Comments;

public static class CommentBodyHash
{
    public const int Length = 64;

    /// <summary>SHA-256 of the text with case and white space folded, so trivially varied copies still match.</summary>
    public static string Of(string body)
    {
        var folded = string.Join(' ', body.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folded)));
    }
}
