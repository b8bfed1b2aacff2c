using Byline.Web.Features.Spam.Akismet;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Byline.IntegrationTests.Spam.Akismet;

public sealed class AkismetOptionsTests
{
    [Fact]
    public async Task An_api_key_without_a_blog_url_stops_the_start_naming_both_keys_but_not_the_key()
    {
        using var host = Host(new() { ["Byline:Akismet:ApiKey"] = "s3cret-key-value" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Byline:Akismet:BlogUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Byline:Akismet:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-key-value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Byline:Akismet:BlogUrl", "news.example.com")]
    [InlineData("Byline:Akismet:Endpoint", "rest.akismet.com/1.1")]
    [InlineData("Byline:Akismet:TimeoutMilliseconds", "0")]
    [InlineData("Byline:Akismet:TimeoutMilliseconds", "600000")]
    public async Task A_bad_value_stops_the_start_naming_its_key(string key, string value)
    {
        using var host = Host(new() { ["Byline:Akismet:ApiKey"] = "k", ["Byline:Akismet:BlogUrl"] = "https://news.example.com/", [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_nothing_configured_akismet_is_off_and_the_site_starts()
    {
        using var host = Host([]);

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<AkismetOptions>>().Value;
        Assert.False(options.IsEnabled);
        Assert.False(host.Services.GetRequiredService<AkismetClient>().IsEnabled);
        Assert.Equal("https://rest.akismet.com/1.1/", options.Endpoint);
        Assert.Equal(1500, options.TimeoutMilliseconds);
        Assert.False(options.IsTest);
        await host.StopAsync();
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkismet(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return builder.Build();
    }
}
