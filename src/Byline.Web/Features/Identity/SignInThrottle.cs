using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Identity;

/// <summary>Configuration key <c>Byline:SignIn</c>.</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Failed sign-ins (passwords or two-factor codes) one address may make per window before it must wait.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public int WindowSeconds { get; set; } = 900;
}

/// <summary>
/// A per-address limit on failed sign-ins, on top of Identity's per-account lockout: lockout stops
/// guessing one account's password, this stops one address trying a common password against many
/// accounts. Only failures count, so a newsroom behind one address can still all sign in. Built on
/// System.Threading.RateLimiting's fixed-window limiter (the one under ASP.NET Core rate limiting);
/// it is per node, so N nodes allow N times the failures, still a hard bound.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public SignInThrottle(IOptions<SignInThrottleOptions> options)
    {
        var o = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
            new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, o.FailuresPerAddress),
                Window = TimeSpan.FromSeconds(Math.Max(1, o.WindowSeconds)),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when this address has used up its failures for the current window.</summary>
    public bool IsBlocked(HttpContext context) =>
        _failures.GetStatistics(AddressOf(context))?.CurrentAvailablePermits <= 0;

    public void RecordFailure(HttpContext context)
    {
        using var _ = _failures.AttemptAcquire(AddressOf(context));
    }

    // Behind a proxy this is the forwarded client address (UseForwardedHeaders runs first, for known proxies only).
    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _failures.Dispose();
}
