using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class MediaTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_author_uploads_an_image_with_alt_text_and_sees_it_in_the_library()
    {
        var (context, displayName) = await browser.NewStaffAsync("Author");
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Media" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Media");

        var alt = $"Longtail boats at the pier {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = "pier.jpg", MimeType = "image/jpeg", Buffer = Photo(1200, 700) });
        await page.GetByLabel("Alt text", new() { Exact = true }).FillAsync(alt);
        await page.GetByLabel("Caption").FillAsync("Krabi, at low tide");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Uploaded “pier.jpg”");
        var item = page.Locator(".media-item").Filter(new() { Has = page.GetByRole(AriaRole.Img, new() { Name = alt }) });
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync("1200 × 700 pixels");
        await Expect(item).ToContainTextAsync(displayName);
        await Expect(item.GetByLabel("Markdown for an article"))
            .ToHaveValueAsync(new Regex($@"^!\[{Regex.Escape(alt)}\]\(/media/\d{{4}}/\d{{2}}/[0-9a-f]{{16}}-pier\.jpg\)$"));
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();

        // The thumbnail (the 480-pixel copy) really loads from /media/.
        var thumbnail = item.GetByRole(AriaRole.Img, new() { Name = alt });
        await Expect(thumbnail).ToHaveAttributeAsync("src", new Regex(@"^/media/\d{4}/\d{2}/[0-9a-f]{16}-pier-480\.jpg$"));
        var naturalWidth = await thumbnail.EvaluateAsync<int>(
            "img => img.complete ? img.naturalWidth : new Promise(resolve => { img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); })");
        Assert.Equal(480, naturalWidth);
    }

    private static byte[] Photo(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(40, 120, 180));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
