using Byline.Web.Features.Popular;
using Microsoft.AspNetCore.Http;

namespace Byline.UnitTests.Popular;

public sealed class BotDetectionTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36", false)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true)]
    [InlineData("curl/8.5.0", true)]
    [InlineData("", true)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/130.0", true)]
    public void Obvious_bots_are_not_readers(string userAgent, bool isBot)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.UserAgent = userAgent;

        Assert.Equal(isBot, ViewCountingMiddleware.IsBotOrPrefetch(context.Request));
    }

    [Fact]
    public void Prefetches_are_not_views()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36";
        context.Request.Headers["Sec-Purpose"] = "prefetch;prerender";

        Assert.True(ViewCountingMiddleware.IsBotOrPrefetch(context.Request));
    }
}
