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

    [Fact]
    public async Task An_author_uploads_an_image_puts_it_in_an_article_and_readers_see_it_load()
    {
        var (context, _) = await browser.NewStaffAsync("Author");
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/media");
        var alt = $"Harbour crane at dusk {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = "crane.jpg", MimeType = "image/jpeg", Buffer = Photo(1600, 900) });
        await page.GetByLabel("Alt text", new() { Exact = true }).FillAsync(alt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Uploaded “crane.jpg”");

        // In the editor the new image is offered: insert it into the text and make it the featured image.
        await page.GotoAsync("/admin/articles/new");
        var title = $"The new crane {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Text (Markdown)").FillAsync("The crane arrived on Tuesday.");
        var picked = page.Locator(".media-picker li").Filter(new() { Has = page.Locator($"input[value*='{alt}']") });
        await picked.GetByRole(AriaRole.Button, new() { Name = "Insert" }).ClickAsync();
        await picked.GetByRole(AriaRole.Button, new() { Name = "Use as featured" }).ClickAsync();
        await Expect(page.Locator("#preview-body img")).ToHaveAttributeAsync("alt", alt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Published.");

        await using var readerContext = await browser.NewVisitorAsync();
        var reader = await readerContext.NewPageAsync();
        await reader.GotoAsync("/");
        await reader.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        // The featured image as a responsive picture, and the inline one in the text: both load.
        foreach (var image in new[] { reader.Locator(".featured-image img"), reader.Locator(".article-body img") })
        {
            await Expect(image).ToHaveAttributeAsync("alt", alt);
            var width = await image.EvaluateAsync<int>(
                "img => img.complete ? img.naturalWidth : new Promise(resolve => { img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); })");
            Assert.True(width > 0, "The image did not load.");
        }
        await Expect(reader.Locator(".featured-image picture source[type='image/webp']")).ToHaveCountAsync(1);
    }

    private static byte[] Photo(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(40, 120, 180));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
