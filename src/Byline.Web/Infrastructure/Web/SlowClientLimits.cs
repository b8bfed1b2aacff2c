using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// Kestrel's limits against slow clients (slowloris: a connection that trickles its headers or body to hold a
/// socket and a request slot for as long as the server lets it), stated explicitly instead of left to defaults,
/// and read from <c>Kestrel:Limits:*</c> so an operator can tighten them. A client that has not sent its whole
/// header block within <see cref="KestrelServerLimits.RequestHeadersTimeout"/> gets 408 and the connection is
/// closed; a body (or a response being read) slower than the minimum rate after its grace period is cut off.
/// </summary>
public static class SlowClientLimits
{
    public const string Section = "Kestrel:Limits";

    /// <summary>Time for the request line and all headers (Kestrel's default: 30 s). Browsers need milliseconds.</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an idle keep-alive connection stays open (Kestrel's default, 130 s, kept: a reverse proxy's
    /// upstream idle timeout, usually 60 s, must be shorter than the server's, or the proxy reuses a connection
    /// the server is closing).
    /// </summary>
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>Kestrel's defaults for request bodies and responses, stated: 240 bytes/s after 5 s of grace.</summary>
    public const double DefaultMinBytesPerSecond = 240;

    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Applies the limits from <paramref name="configuration"/> (the whole configuration) to <paramref name="limits"/>.</summary>
    /// <exception cref="InvalidOperationException">A value is malformed or out of range; the message names the key.</exception>
    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        limits.RequestHeadersTimeout = Duration(section, nameof(KestrelServerLimits.RequestHeadersTimeout), DefaultRequestHeadersTimeout);
        limits.KeepAliveTimeout = Duration(section, nameof(KestrelServerLimits.KeepAliveTimeout), DefaultKeepAliveTimeout);
        limits.MinRequestBodyDataRate = Rate(section.GetSection(nameof(KestrelServerLimits.MinRequestBodyDataRate)));
        limits.MinResponseDataRate = Rate(section.GetSection(nameof(KestrelServerLimits.MinResponseDataRate)));
    }

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration) || duration <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{section.Path}:{key} must be a positive duration like 00:00:15, not “{value}”.");
        }
        return duration;
    }

    /// <summary>
    /// <c>…:BytesPerSecond</c> (0 turns the check off) and <c>…:GracePeriod</c> (more than one second: Kestrel
    /// measures once a second).
    /// </summary>
    private static MinDataRate? Rate(IConfigurationSection section)
    {
        var bytesText = section["BytesPerSecond"];
        var bytesPerSecond = DefaultMinBytesPerSecond;
        if (!string.IsNullOrWhiteSpace(bytesText)
            && (!double.TryParse(bytesText, NumberStyles.Float, CultureInfo.InvariantCulture, out bytesPerSecond) || bytesPerSecond < 0 || !double.IsFinite(bytesPerSecond)))
        {
            throw new InvalidOperationException($"{section.Path}:BytesPerSecond must be a number of bytes, 0 or more, not “{bytesText}”.");
        }
        if (bytesPerSecond == 0)
        {
            return null;
        }
        var grace = Duration(section, "GracePeriod", DefaultGracePeriod);
        if (grace <= TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"{section.Path}:GracePeriod must be longer than one second.");
        }
        return new MinDataRate(bytesPerSecond, grace);
    }
}
