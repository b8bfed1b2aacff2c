using Byline.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Byline.UnitTests.Infrastructure;

public sealed class SlowClientLimitsTests
{
    private static KestrelServerLimits Apply(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var limits = new KestrelServerLimits();
        SlowClientLimits.Apply(limits, configuration);
        return limits;
    }

    [Fact]
    public void Without_configuration_the_limits_are_set_explicitly()
    {
        var limits = Apply();

        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout); // Kestrel's own default is 30 s
        Assert.Equal(TimeSpan.FromSeconds(130), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(240, limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinResponseDataRate.GracePeriod);
    }

    [Fact]
    public void Configured_values_win_and_a_rate_of_zero_turns_the_check_off()
    {
        var limits = Apply(
            ("Kestrel:Limits:RequestHeadersTimeout", "00:00:07"),
            ("Kestrel:Limits:KeepAliveTimeout", "00:01:00"),
            ("Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond", "500.5"),
            ("Kestrel:Limits:MinRequestBodyDataRate:GracePeriod", "00:00:10"),
            ("Kestrel:Limits:MinResponseDataRate:BytesPerSecond", "0"));

        Assert.Equal(TimeSpan.FromSeconds(7), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.KeepAliveTimeout);
        Assert.Equal(500.5, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Null(limits.MinResponseDataRate);
    }

    [Theory]
    [InlineData("Kestrel:Limits:RequestHeadersTimeout", "soon", "Kestrel:Limits:RequestHeadersTimeout")]
    [InlineData("Kestrel:Limits:RequestHeadersTimeout", "00:00:00", "Kestrel:Limits:RequestHeadersTimeout")]
    [InlineData("Kestrel:Limits:KeepAliveTimeout", "-00:00:05", "Kestrel:Limits:KeepAliveTimeout")]
    [InlineData("Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond", "-1", "Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond")]
    [InlineData("Kestrel:Limits:MinResponseDataRate:BytesPerSecond", "fast", "Kestrel:Limits:MinResponseDataRate:BytesPerSecond")]
    [InlineData("Kestrel:Limits:MinRequestBodyDataRate:GracePeriod", "00:00:01", "Kestrel:Limits:MinRequestBodyDataRate:GracePeriod")]
    public void A_bad_value_stops_the_start_with_a_message_naming_the_key(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Apply((key, value)));
        Assert.StartsWith(named + " must", error.Message, StringComparison.Ordinal);
    }
}
