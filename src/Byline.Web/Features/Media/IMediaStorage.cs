namespace Byline.Web.Features.Media;

/// <summary>
/// Where media bytes live. The default keeps them under the data directory; a shared disk or an
/// object store (S3, Azure Blob) can replace it for several nodes without touching callers.
/// Keys are relative, forward-slashed paths such as <c>2026/11/abc-harbour-960.webp</c>.
/// </summary>
public interface IMediaStorage
{
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The bytes, or null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
