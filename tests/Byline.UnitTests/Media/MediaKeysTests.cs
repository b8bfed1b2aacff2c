using Byline.Web.Features.Media;
using Byline.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Byline.UnitTests.Media;

public sealed class MediaKeysTests
{
    private static readonly DateTime November = new(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Songkhla Harbour.JPG", "songkhla-harbour")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\web.config", "web")]
    [InlineData("Café au lait.png", "cafe-au-lait")]
    [InlineData("東京 2026 写真.jpg", "2026")]
    [InlineData("東京.jpg", "image")]
    [InlineData("a 東 b.jpg", "a-b")]
    [InlineData("", "image")]
    public void New_keys_are_month_folder_random_part_and_an_ascii_slug(string fileName, string slug)
    {
        var key = MediaKeys.New(November, fileName, "image/jpeg");
        Assert.Matches($@"^2026/11/[0-9a-f]{{16}}-{slug}\.jpg$", key);
        Assert.NotNull(MediaKeys.ItemPrefix(key));
    }

    [Fact]
    public void Two_uploads_of_the_same_file_get_different_keys()
    {
        Assert.NotEqual(MediaKeys.New(November, "a.jpg", "image/jpeg"), MediaKeys.New(November, "a.jpg", "image/jpeg"));
    }

    [Fact]
    public void Long_names_are_cut()
    {
        var key = MediaKeys.New(November, new string('x', 400) + ".gif", "image/gif");
        Assert.True(key.Length < 100, key);
        Assert.EndsWith(".gif", key, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_owns_its_original_the_full_size_webp_and_both_formats_at_each_width()
    {
        var item = new MediaItem { StorageKey = "2026/11/0123456789abcdef-boats.png", OriginalFileName = "boats.png", ContentType = "image/png", VariantWidths = "960,480" };
        Assert.Equal(
            [
                "2026/11/0123456789abcdef-boats.png", "2026/11/0123456789abcdef-boats.webp",
                "2026/11/0123456789abcdef-boats-480.png", "2026/11/0123456789abcdef-boats-480.webp",
                "2026/11/0123456789abcdef-boats-960.png", "2026/11/0123456789abcdef-boats-960.webp",
            ],
            MediaKeys.AllOf(item));

        var webp = new MediaItem { StorageKey = "2026/11/0123456789abcdef-boats.webp", OriginalFileName = "boats.webp", ContentType = "image/webp", VariantWidths = "480" };
        Assert.Equal(["2026/11/0123456789abcdef-boats.webp", "2026/11/0123456789abcdef-boats-480.webp"], MediaKeys.AllOf(webp));
    }

    [Theory]
    [InlineData("../byline.db")]
    [InlineData("2026/11/../../byline.db")]
    [InlineData("2026/11/0123456789ABCDEF-boats.jpg")]
    [InlineData("2026/11/0123456789abcdef-boats.html")]
    [InlineData("2026/11/0123456789abcdef-.jpg")]
    [InlineData("2026/11/0123456789abcdef-boats.jpg/")]
    [InlineData("/2026/11/0123456789abcdef-boats.jpg")]
    [InlineData("2026/11")]
    [InlineData("")]
    [InlineData(null)]
    public void Requests_for_keys_the_server_never_makes_need_no_lookup(string? key) => Assert.Null(MediaKeys.ItemPrefix(key));

    [Theory]
    [InlineData("../byline.db")]
    [InlineData("2026/../../byline.db")]
    [InlineData("/etc/passwd")]
    [InlineData("2026\\..\\..\\x")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("2026//x.jpg")]
    [InlineData("2026/./x.jpg")]
    [InlineData("")]
    public void The_file_storage_refuses_keys_that_leave_its_folder(string key)
    {
        var storage = new FileSystemMediaStorage(Options.Create(new BylineOptions { DataDirectory = Path.GetTempPath() }));
        Assert.Throws<ArgumentException>(() => storage.PathOf(key));
    }

    [Fact]
    public void The_file_storage_keeps_good_keys_under_media()
    {
        var data = Path.Combine(Path.GetTempPath(), "byline-unit");
        var storage = new FileSystemMediaStorage(Options.Create(new BylineOptions { DataDirectory = data }));
        Assert.Equal(Path.Combine(data, "media", "2026", "11", "0123456789abcdef-boats.jpg"), storage.PathOf("2026/11/0123456789abcdef-boats.jpg"));
    }

    [Theory]
    [InlineData("480,960,1600", new[] { 480, 960, 1600 })]
    [InlineData(" 1600, 480 ,480", new[] { 480, 1600 })]
    [InlineData("", new int[0])]
    public void Variant_widths_are_parsed_sorted_and_deduplicated(string value, int[] expected) =>
        Assert.Equal(expected, MediaOptions.ParseWidths(value));

    [Theory]
    [InlineData("480,abc")]
    [InlineData("-480")]
    [InlineData("8")]
    [InlineData("100000")]
    public void Bad_variant_widths_are_refused(string value)
    {
        Assert.Null(MediaOptions.ParseWidths(value));
        Assert.False(new MediaOptions { VariantWidths = value }.IsValid());
    }
}
