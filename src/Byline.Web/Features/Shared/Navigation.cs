namespace Byline.Web.Features.Shared;

/// <summary>One step of a breadcrumb trail; the last one is the current page and has no link.</summary>
public sealed record Crumb(string Name, string? Url);

public sealed record Pager(int PageNumber, int TotalPages, string BasePath)
{
    public string? PreviousUrl => PageNumber > 1 ? UrlFor(PageNumber - 1) : null;
    public string? NextUrl => PageNumber < TotalPages ? UrlFor(PageNumber + 1) : null;

    public string UrlFor(int page) => page <= 1 ? BasePath : $"{BasePath}?page={page}";
}

public static class PageNumbers
{
    /// <summary>Reads <c>?page=</c>: absent means 1; anything but a whole number from 1 up is invalid.</summary>
    public static bool TryParse(string? raw, out int page)
    {
        page = 1;
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }
        return raw.Length <= 6 && raw.All(char.IsAsciiDigit) && int.TryParse(raw, out page) && page >= 1;
    }
}
