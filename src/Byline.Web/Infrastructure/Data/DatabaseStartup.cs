using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Demo;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Byline.Web.Infrastructure.Data;

public static class DatabaseStartup
{
    /// <summary>Migrates (when enabled), makes sure the settings row exists, and seeds demo content into an empty site.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<BylineDbContext>();
        var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));

        if (database.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while the view counter or a comment writes; it persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var settings = await db.SiteSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            db.SiteSettings.Add(new SiteSettings());
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (string.IsNullOrEmpty(settings.PrivacySalt))
        {
            // Sites created before the salt existed get theirs now.
            settings.PrivacySalt = new SiteSettings().PrivacySalt;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (provider.GetRequiredService<IOptions<SpamClassifierOptions>>().Value.Classifier)
        {
            await provider.GetRequiredService<SpamModelStore>().InitializeAsync(cancellationToken);
        }

        await AccountsStartup.EnsureRolesAsync(provider);

        var demo = provider.GetRequiredService<IOptions<BylineOptions>>().Value.DemoContent;
        if (demo && !await db.Articles.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Empty database: seeding demo content");
            await provider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
        if (demo)
        {
            await AccountsStartup.CreateDemoAdminAsync(provider, Console.Out);
        }
        else if (await provider.GetRequiredService<UserAccounts>().NoneExistAsync(cancellationToken))
        {
            logger.LogInformation("No accounts yet: open /account/setup to create the first administrator");
        }
    }
}
