using System.ComponentModel.DataAnnotations;

namespace Byline.Web.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, a file under the data directory) or Postgres.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start. Turn off when upgrades run <c>migrate</c> explicitly.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>The <c>Byline</c> configuration section: deploy-time options.</summary>
public sealed class BylineOptions
{
    public const string Section = "Byline";

    /// <summary>Folder for the SQLite file, data-protection keys and media. Relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Seed demo articles, authors and comments when the database has no articles.</summary>
    public bool DemoContent { get; set; }
}
