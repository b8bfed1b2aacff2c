using System.ComponentModel.DataAnnotations;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Byline.Web.Features.Admin.Taxonomy;

/// <summary>The category and tag forms' fields. The service checks them again; these give the first messages.</summary>
public sealed class TermForm
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(TaxonomyService.NameMaxLength, ErrorMessage = "The name can be at most 100 characters.")]
    public string? Name { get; set; }

    [StringLength(TaxonomyService.SlugMaxLength, ErrorMessage = "The slug can be at most 100 characters.")]
    public string? Slug { get; set; }

    [StringLength(TaxonomyService.DescriptionMaxLength, ErrorMessage = "The description can be at most 1,000 characters.")]
    public string? Description { get; set; }

    [Display(Name = "Parent")]
    public int? ParentId { get; set; }

    public TermInput ToInput() => new(Name, Slug, Description, ParentId);
}

internal static class TaxonomyResults
{
    /// <summary>Puts a refused change's message next to the field it is about (or at the top of the form).</summary>
    public static void AddTo(this TaxonomyResult result, ModelStateDictionary modelState, string prefix)
    {
        var key = string.IsNullOrEmpty(result.Field) ? string.Empty
            : result.Field == "MergeTargetId" ? "MergeTargetId"
            : $"{prefix}.{result.Field}";
        modelState.AddModelError(key, result.Error ?? "That didn't work.");
    }
}
