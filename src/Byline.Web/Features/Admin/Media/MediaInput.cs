using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Media;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Byline.Web.Features.Admin.Media;

/// <summary>The text fields of an image: alt text (required unless decorative) and an optional caption.</summary>
public class MediaTextInput
{
    [StringLength(MediaLibrary.AltTextMaxLength, ErrorMessage = "Alt text can be at most 500 characters.")]
    [Display(Name = "Alt text")]
    public string? AltText { get; set; }

    [Display(Name = "Decorative image (no alt text)")]
    public bool Decorative { get; set; }

    [StringLength(MediaLibrary.CaptionMaxLength, ErrorMessage = "The caption can be at most 1,000 characters.")]
    [Display(Name = "Caption")]
    public string? Caption { get; set; }

    /// <summary>The alt text to store: empty for a decorative image.</summary>
    public string StoredAltText => Decorative ? "" : AltText?.Trim() ?? "";

    /// <summary>Alt text is what a screen reader says instead of the image, so it may only be left out on purpose.</summary>
    public void Validate(ModelStateDictionary modelState, string prefix)
    {
        if (!Decorative && string.IsNullOrWhiteSpace(AltText))
        {
            modelState.AddModelError($"{prefix}.{nameof(AltText)}",
                "Describe the image in the alt text (what a reader who cannot see it should know), or tick “Decorative image” if it adds nothing to the text.");
        }
    }
}

public sealed class UploadInput : MediaTextInput
{
    [Display(Name = "Image file")]
    public IFormFile? File { get; set; }
}
