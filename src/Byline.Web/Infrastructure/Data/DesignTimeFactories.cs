using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Byline.Web.Infrastructure.Data;

// Used only by `dotnet ef` (scripts/add-migration.sh): adding a migration never connects to a server.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBylineDbContext>
{
    public SqliteBylineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBylineDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBylineDbContext>
{
    public PostgresBylineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBylineDbContext>().UseNpgsql("Host=localhost;Database=byline_design").Options);
}
