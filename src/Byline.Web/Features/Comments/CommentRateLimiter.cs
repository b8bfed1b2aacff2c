using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Comments;

/// <summary>
/// Per-IP and per-e-mail limits on posting comments, with System.Threading.RateLimiting (the
/// limiters under ASP.NET Core's rate-limiting middleware). They are applied in the page handler
/// rather than as middleware because the e-mail is in the form body, and because a refused
/// visitor must get the page back with their text still in the form.
/// </summary>
public sealed class CommentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perIp;
    private readonly PartitionedRateLimiter<string> _perEmail;

    public CommentRateLimiter(IOptions<CommentGuardOptions> options)
    {
        var guard = options.Value;
        var window = TimeSpan.FromSeconds(guard.RateLimitWindowSeconds);
        _perIp = Create(guard.PermitsPerIp, window);
        _perEmail = Create(guard.PermitsPerEmail, window);
    }

    /// <summary>Takes a permit for both keys; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string? ipAddress, string email)
    {
        using var ip = _perIp.AttemptAcquire(ipAddress ?? "unknown");
        if (!ip.IsAcquired)
        {
            return RetryAfter(ip);
        }
        using var mail = _perEmail.AttemptAcquire(email.Trim().ToLowerInvariant());
        return mail.IsAcquired ? null : RetryAfter(mail);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));

    public void Dispose()
    {
        _perIp.Dispose();
        _perEmail.Dispose();
    }
}
