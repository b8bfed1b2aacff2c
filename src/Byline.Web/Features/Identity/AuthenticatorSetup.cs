using System.Text;
using QRCoder;

namespace Byline.Web.Features.Identity;

/// <summary>
/// What an authenticator app needs to add an account: the shared key to type, the otpauth:// URI
/// (Google's key-URI format, read by every TOTP app) and the same URI as a QR code.
/// </summary>
public static class AuthenticatorSetup
{
    public const int RecoveryCodeCount = 10;

    /// <summary>"JBSWY3DPEHPK3PXP" → "jbsw y3dp ehpk 3pxp": groups of four are easier to type.</summary>
    public static string FormatKey(string key)
    {
        var builder = new StringBuilder(key.Length + key.Length / 4);
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return builder.ToString().ToLowerInvariant();
    }

    /// <summary>otpauth://totp/Issuer:account?secret=…&amp;issuer=…&amp;digits=6&amp;period=30, as Identity's authenticator checks codes.</summary>
    public static string KeyUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}" +
        $"?secret={key}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>The URI as an SVG QR code in a data: URI, for an &lt;img&gt; that needs no request of its own.</summary>
    public static string QrCodeDataUri(string keyUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(keyUri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
