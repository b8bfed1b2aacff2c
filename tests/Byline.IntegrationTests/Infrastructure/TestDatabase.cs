namespace Byline.IntegrationTests.Infrastructure;

/// <summary>
/// Which database the suite runs against: SQLite by default, PostgreSQL when the test command sets
/// BYLINE_TEST_DATABASE=Postgres and BYLINE_TEST_POSTGRES to a server's connection string (no database name).
/// </summary>
public static class TestDatabase
{
    public static string Provider => Environment.GetEnvironmentVariable("BYLINE_TEST_DATABASE") is { Length: > 0 } p ? p : "Sqlite";

    public static bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string for a new, uniquely named database, or null for SQLite (a file in the data folder).</summary>
    public static string? NewConnectionString()
    {
        if (!IsPostgres)
        {
            return null;
        }
        var server = Environment.GetEnvironmentVariable("BYLINE_TEST_POSTGRES")
                     ?? throw new InvalidOperationException("BYLINE_TEST_DATABASE=Postgres needs BYLINE_TEST_POSTGRES (run ./test.sh).");
        return $"{server.TrimEnd(';')};Database=byline_test_{Guid.NewGuid():N}";
    }
}
