using Byline.Web.Features.Comments;

namespace Byline.UnitTests.Comments;

public sealed class CommentFormTests
{
    private static CommentForm Valid() => new() { Name = "Ada", Email = "ada@example.org", Body = "Thoughtful words." };

    [Fact]
    public void A_complete_form_has_no_errors() => Assert.Empty(Valid().Validate());

    [Theory]
    [InlineData(null, "ada@example.org", "Hi", "Name")]
    [InlineData("  ", "ada@example.org", "Hi", "Name")]
    [InlineData("Ada", null, "Hi", "Email")]
    [InlineData("Ada", "not-an-email", "Hi", "Email")]
    [InlineData("Ada", "ada@localhost", "Hi", "Email")]
    [InlineData("Ada", "a b@example.org", "Hi", "Email")]
    [InlineData("Ada", "ada@example.org", "", "Body")]
    public void Missing_or_invalid_fields_are_named(string? name, string? email, string? body, string field)
    {
        var errors = new CommentForm { Name = name, Email = email, Body = body }.Validate();

        Assert.Contains(errors, e => e.Key == field);
    }

    [Fact]
    public void An_overlong_comment_says_how_long_it_is_and_what_the_limit_is()
    {
        var form = Valid();
        form.Body = new string('x', 1_000_000);

        var error = Assert.Single(form.Validate());

        Assert.Equal("Body", error.Key);
        Assert.Contains("1,000,000", error.Value, StringComparison.Ordinal);
        Assert.Contains("10,000", error.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.org", "https://example.org/")]
    [InlineData("http://example.org/me", "http://example.org/me")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://exa mple.org", null)]
    [InlineData("ftp://example.org", null)]
    [InlineData("data:text/html,hi", null)]
    public void Websites_must_be_http_or_https(string input, string? expected) =>
        Assert.Equal(expected, CommentForm.NormalizeWebsite(input));
}
