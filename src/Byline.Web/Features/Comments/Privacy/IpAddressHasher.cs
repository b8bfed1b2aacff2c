using System.Security.Cryptography;
using System.Text;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Comments.Privacy;

/// <summary>
/// Turns an IP address into a salted hash: still comparable ("seen on earlier spam") but no
/// longer an address. The salt is the site's own random value from the database, so every node
/// hashes alike and the hashes mean nothing outside this site.
/// </summary>
public sealed class IpAddressHasher(SiteSettingsProvider settings)
{
    public const string Prefix = "hash:";

    public async ValueTask<string> HashAsync(string ipAddress, CancellationToken cancellationToken)
    {
        var salt = (await settings.GetAsync(cancellationToken)).Settings.PrivacySalt;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), Encoding.UTF8.GetBytes(ipAddress));
        return Prefix + Convert.ToHexStringLower(mac)[..40];
    }

    public static bool IsHashed(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) ?? false;
}
