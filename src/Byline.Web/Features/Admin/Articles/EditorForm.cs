using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Articles;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>The editor's fields as posted. Lengths are checked again by <see cref="ArticleEditor"/>, which owns the rules.</summary>
public sealed class EditorForm
{
    // Nullable so model binding leaves "required" to ArticleEditor, which says it in plain words.
    [Display(Name = "Title")]
    public string? Title { get; set; } = "";

    [Display(Name = "Slug")]
    public string? Slug { get; set; }

    [Display(Name = "Excerpt")]
    public string? Excerpt { get; set; }

    [Display(Name = "Text (Markdown)")]
    public string? Body { get; set; } = "";

    [Display(Name = "Category")]
    public int CategoryId { get; set; }

    [Display(Name = "Tags")]
    public string? Tags { get; set; }

    [Display(Name = "Featured image URL")]
    public string? FeaturedImageUrl { get; set; }

    [Display(Name = "Featured image description (alt text)")]
    public string? FeaturedImageAlt { get; set; }

    [Display(Name = "Stick to the top of the home page")]
    public bool IsSticky { get; set; }

    [Display(Name = "Allow comments")]
    public bool CommentsOpen { get; set; } = true;

    [Display(Name = "Author")]
    public int? AuthorId { get; set; }

    /// <summary>Local date and time in the site's time zone, from a datetime-local input.</summary>
    [Display(Name = "Publish at")]
    public string? PublishAt { get; set; }

    /// <summary>The article version this form was loaded from: the conflict check.</summary>
    public int Version { get; set; }

    public ArticleInput ToInput() =>
        new(Title ?? "", Slug, Excerpt, Body ?? "", CategoryId, Tags, FeaturedImageUrl, FeaturedImageAlt, IsSticky, CommentsOpen, AuthorId);
}
