namespace Byline.Web.Features.Identity;

/// <summary>Sign-in events, by account id only: never e-mail addresses, names typed into the form, or passwords.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed: no such account")]
    public static partial void UnknownAccount(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in")]
    public static partial void SignedIn(ILogger logger, int userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with a second factor")]
    public static partial void SignedInTwoFactor(ILogger logger, int userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in failed for user {UserId}")]
    public static partial void WrongPassword(ILogger logger, int userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} is locked out after repeated failed sign-ins")]
    public static partial void LockedOut(ILogger logger, int userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: too many failed sign-ins from this address")]
    public static partial void AddressThrottled(ILogger logger);
}
