using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Byline.Web.Features.Site;

namespace Byline.Web.Features.Comments;

/// <summary>
/// A signed stamp in the comment form saying when, and for which article, it was shown. Bots that
/// post at once, replay an old form or forge one are caught without JavaScript or a CAPTCHA.
/// </summary>
/// <remarks>
/// The stamp needs integrity, not secrecy, and one is made for every article page served, cached or
/// not. So it is an HMAC-SHA256 (truncated to 128 bits) over the article id and time, with a key derived
/// by HKDF from the site's random secret in the database (shared by every node), rather than a Data
/// Protection payload: a Data Protection <c>Protect</c> derives a fresh subkey and encrypts, about ten
/// times the cost, and was the largest cost of serving a cached article page.
/// </remarks>
public sealed class CommentFormStamp(SiteSettingsProvider settings, TimeProvider clock)
{
    private const int TagBytes = 16;
    private const int PayloadBytes = 4 + 8;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("Byline.Comments.FormStamp.v2");

    // Replaced whole, never mutated: a reference swap is atomic, so readers never see a torn pair.
    private sealed record DerivedKey(string Secret, byte[] Key);
    private DerivedKey? _key;

    /// <summary>The signing key for the current site secret (derived once, re-derived if the secret changes).</summary>
    public async ValueTask<StampKey> KeyAsync(CancellationToken cancellationToken = default)
    {
        var secret = (await settings.GetAsync(cancellationToken)).Settings.PrivacySalt;
        var current = _key;
        if (current is null || current.Secret != secret)
        {
            current = new DerivedKey(secret, HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: null, info: Purpose));
            _key = current;
        }
        return new StampKey(current.Key);
    }

    public string Issue(StampKey key, int articleId)
    {
        Span<byte> stamp = stackalloc byte[PayloadBytes + TagBytes];
        BinaryPrimitives.WriteInt32LittleEndian(stamp, articleId);
        BinaryPrimitives.WriteInt64LittleEndian(stamp[4..], clock.GetUtcNow().UtcTicks);
        Sign(key, stamp[..PayloadBytes], stamp[PayloadBytes..]);
        return Base64Url.EncodeToString(stamp);
    }

    /// <summary>When the form for this article was shown, or null when the stamp is missing, forged or for another article.</summary>
    public async ValueTask<DateTime?> ReadAsync(string? stamp, int articleId, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(stamp) || stamp.Length > 100 ? null : Read(await KeyAsync(cancellationToken), stamp, articleId);

    private static DateTime? Read(StampKey key, string stamp, int articleId)
    {
        Span<byte> bytes = stackalloc byte[75];
        if (!Base64Url.TryDecodeFromChars(stamp, bytes, out var length) || length != PayloadBytes + TagBytes)
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[TagBytes];
        Sign(key, bytes[..PayloadBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(PayloadBytes, TagBytes))
            || BinaryPrimitives.ReadInt32LittleEndian(bytes) != articleId)
        {
            return null;
        }
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]);
        return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;
    }

    private static void Sign(StampKey key, ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Bytes, payload, full);
        full[..TagBytes].CopyTo(tag);
    }
}

/// <summary>The key comment form stamps are signed with; get it with <see cref="CommentFormStamp.KeyAsync"/>.</summary>
public readonly record struct StampKey(byte[] Bytes);
