using Byline.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Media;

/// <summary>
/// Keeps media under <c>{Byline:DataDirectory}/media/</c>, one file per key. Writes go to a temporary file that is
/// then renamed, so a reader never sees half an image. Every key is checked to stay inside the folder.
/// </summary>
public sealed class FileSystemMediaStorage(IOptions<BylineOptions> options) : IMediaStorage
{
    private readonly string _root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "media")) + Path.DirectorySeparatorChar;

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>The file for a key; throws for anything that is not a plain relative path inside the media folder.</summary>
    internal string PathOf(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 300 || key.StartsWith('/') || key.Contains('\\') || key.Contains(':')
            || key.Contains('\0') || key.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException("Not a valid media key.", nameof(key));
        }
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new ArgumentException("Not a valid media key.", nameof(key));
        }
        return path;
    }
}
