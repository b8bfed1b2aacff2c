using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Byline.Web.Features.Comments;

public static class CommentText
{
    /// <summary>Plain comment text as HTML paragraphs: everything encoded, blank lines split paragraphs, line breaks kept.</summary>
    public static IHtmlContent ToHtml(string body)
    {
        var html = new StringBuilder(body.Length + 32);
        var paragraphs = body.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>");
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>");
                }
                html.Append(HtmlEncoder.Default.Encode(lines[i]));
            }
            html.Append("</p>");
        }
        return new HtmlString(html.ToString());
    }
}
