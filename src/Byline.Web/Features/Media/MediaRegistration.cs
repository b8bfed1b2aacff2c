using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Media;

public static class MediaRegistration
{
    /// <summary>The media library: options, storage behind <see cref="IMediaStorage"/>, processing and the upload size limit.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section))
            .Validate(o => o.IsValid(),
                "Byline:Media is invalid: MaxUploadBytes 1 byte–100 MB, MaxPixels positive, VariantWidths comma-separated widths 16–8192, qualities 1–100, PageSize 1–200.")
            .ValidateOnStart();
        // One instance: an object store (S3, Azure Blob) replaces this line and nothing else.
        services.AddSingleton<IMediaStorage, FileSystemMediaStorage>();
        services.AddSingleton<ImageProcessor>();
        services.AddScoped<MediaLibrary>();
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<MediaOptions>>((pages, media) =>
            pages.Conventions.AddPageApplicationModelConvention("/Admin/Media/Index",
                model => model.Filters.Add(new UploadSizeLimitFilter(media.Value.MaxRequestBytes))));
        return services;
    }

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app) => app.MapMediaApi();
}
