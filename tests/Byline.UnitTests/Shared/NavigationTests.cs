using Byline.Web.Features.Shared;

namespace Byline.UnitTests.Shared;

public sealed class NavigationTests
{
    [Theory]
    [InlineData(null, true, 1)]
    [InlineData("", true, 1)]
    [InlineData("3", true, 3)]
    [InlineData("0", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("abc", false, 0)]
    [InlineData("1e3", false, 0)]
    [InlineData("99999999999", false, 0)]
    public void Page_numbers_are_positive_whole_numbers(string? raw, bool valid, int expected)
    {
        Assert.Equal(valid, PageNumbers.TryParse(raw, out var page));
        if (valid)
        {
            Assert.Equal(expected, page);
        }
    }

    [Theory]
    [InlineData("Mission Bangkok: What's Next?", "mission-bangkok-whats-next")]
    [InlineData("  Café — Crème brûlée ", "cafe-creme-brulee")]
    [InlineData("日本語 タイトル", "日本語-タイトル")]
    public void Slugs_are_lower_case_and_hyphenated(string text, string slug) => Assert.Equal(slug, Slugs.From(text));

    [Fact]
    public void Pager_links_page_one_without_a_query_string()
    {
        var pager = new Pager(2, 3, "/category/world");

        Assert.Equal("/category/world", pager.PreviousUrl);
        Assert.Equal("/category/world?page=3", pager.NextUrl);
    }
}
