using Byline.Web.Features.Articles;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Byline.Web.Features.Pages;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Infrastructure.Data;

/// <summary>
/// The one model. Each provider has a thin subclass that owns its migrations
/// (<see cref="SqliteBylineDbContext"/>, <see cref="PostgresBylineDbContext"/>).
/// </summary>
public abstract class BylineDbContext(DbContextOptions options)
    : IdentityDbContext<BylineUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    /// <summary>Data Protection's key ring, shared by every node that uses this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Features.Import.ImportMapping> ImportMappings => Set<Features.Import.ImportMapping>();

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<ArticleViewCount> ArticleViews => Set<ArticleViewCount>();
    public DbSet<RelatedArticle> RelatedArticles => Set<RelatedArticle>();
    public DbSet<RelatedArticleChoice> RelatedArticleChoices => Set<RelatedArticleChoice>();
    public DbSet<Jobs.JobLease> JobLeases => Set<Jobs.JobLease>();
    public DbSet<SiteSettings> SiteSettings => Set<SiteSettings>();
    public DbSet<StoredSpamModel> SpamModels => Set<StoredSpamModel>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<Redirect> Redirects => Set<Redirect>();
    public DbSet<StaticPage> StaticPages => Set<StaticPage>();
    public DbSet<MediaItem> Media => Set<MediaItem>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's tables (AspNetUsers, AspNetRoles, …) first; ours below.
        base.OnModelCreating(builder);
        var modelBuilder = builder;

        modelBuilder.Entity<BylineUser>(u =>
        {
            u.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
            u.HasIndex(x => x.AuthorId).IsUnique();
        });

        modelBuilder.Entity<ArticleRevision>(r =>
        {
            r.Property(x => x.Title).HasMaxLength(300);
            r.Property(x => x.Slug).HasMaxLength(200);
            r.Property(x => x.Excerpt).HasMaxLength(1000);
            r.Property(x => x.UserName).HasMaxLength(256);
            r.HasIndex(x => new { x.ArticleId, x.Number }).IsUnique();
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Redirect>(r =>
        {
            r.Property(x => x.FromPath).HasMaxLength(500);
            r.HasIndex(x => x.FromPath).IsUnique();
            r.Property(x => x.ToPath).HasMaxLength(500);
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<StaticPage>().WithMany().HasForeignKey(x => x.StaticPageId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StaticPage>(p =>
        {
            p.Property(x => x.Slug).HasMaxLength(200);
            p.HasIndex(x => x.Slug).IsUnique();
            p.Property(x => x.Title).HasMaxLength(300);
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<MediaItem>(m =>
        {
            m.Property(x => x.StorageKey).HasMaxLength(300);
            m.HasIndex(x => x.StorageKey).IsUnique();
            m.Property(x => x.OriginalFileName).HasMaxLength(255);
            m.Property(x => x.ContentType).HasMaxLength(100);
            m.Property(x => x.AltText).HasMaxLength(500);
            m.Property(x => x.Caption).HasMaxLength(1000);
            m.Property(x => x.VariantWidths).HasMaxLength(100);
            m.HasIndex(x => x.UploadedAt);
        });

        modelBuilder.Entity<Features.Import.ImportMapping>(m =>
        {
            m.Property(x => x.Source).HasMaxLength(300);
            m.Property(x => x.Kind).HasMaxLength(20);
            m.Property(x => x.ExternalId).HasMaxLength(200);
            m.HasIndex(x => new { x.Source, x.Kind, x.ExternalId }).IsUnique();
        });

        modelBuilder.Entity<AuditEntry>(a =>
        {
            a.Property(x => x.UserName).HasMaxLength(256);
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.Subject).HasMaxLength(300);
            a.Property(x => x.Details).HasMaxLength(2000);
            a.HasIndex(x => x.At);
        });
        modelBuilder.Entity<Article>(a =>
        {
            a.Property(x => x.Slug).HasMaxLength(200);
            a.HasIndex(x => x.Slug).IsUnique();
            a.Property(x => x.Title).HasMaxLength(300);
            a.Property(x => x.Excerpt).HasMaxLength(1000);
            a.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            a.HasIndex(x => new { x.Status, x.PublishedAt });
            a.HasIndex(x => new { x.CategoryId, x.Status, x.PublishedAt });
            a.HasIndex(x => new { x.AuthorId, x.Status, x.PublishedAt });
            a.HasOne(x => x.Author).WithMany().OnDelete(DeleteBehavior.Restrict);
            a.HasOne(x => x.Category).WithMany().OnDelete(DeleteBehavior.Restrict);
            a.HasMany(x => x.Tags).WithMany(t => t.Articles).UsingEntity("ArticleTags");
            a.Property(x => x.FeaturedImageUrl).HasMaxLength(1000);
            a.Property(x => x.FeaturedImageAlt).HasMaxLength(500);
            a.Property(x => x.StatusBeforeTrash).HasConversion<string>().HasMaxLength(20);
            a.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Author>(a =>
        {
            a.Property(x => x.Slug).HasMaxLength(100);
            a.HasIndex(x => x.Slug).IsUnique();
            a.Property(x => x.DisplayName).HasMaxLength(100);
            a.Property(x => x.Bio).HasMaxLength(2000);
            a.Property(x => x.Email).HasMaxLength(254);
            a.Property(x => x.AvatarUrl).HasMaxLength(1000);
        });

        modelBuilder.Entity<Category>(c =>
        {
            c.Property(x => x.Slug).HasMaxLength(100);
            c.HasIndex(x => x.Slug).IsUnique();
            c.Property(x => x.Name).HasMaxLength(100);
            c.Property(x => x.Description).HasMaxLength(1000);
            c.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Tag>(t =>
        {
            t.Property(x => x.Slug).HasMaxLength(100);
            t.HasIndex(x => x.Slug).IsUnique();
            t.Property(x => x.Name).HasMaxLength(100);
        });

        modelBuilder.Entity<Comment>(c =>
        {
            c.Property(x => x.AuthorName).HasMaxLength(CommentLimits.NameMaxLength);
            c.Property(x => x.AuthorEmail).HasMaxLength(CommentLimits.EmailMaxLength);
            c.Property(x => x.AuthorUrl).HasMaxLength(CommentLimits.UrlMaxLength);
            c.Property(x => x.Body).HasMaxLength(CommentLimits.BodyMaxLength);
            c.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            c.Property(x => x.IpAddress).HasMaxLength(64);
            c.Property(x => x.UserAgent).HasMaxLength(512);
            c.Property(x => x.ModerationReason).HasMaxLength(1000);
            c.Property(x => x.BodyHtml).HasMaxLength(CommentLimits.BodyMaxLength * 4);
            c.Property(x => x.BodyHash).HasMaxLength(CommentBodyHash.Length);
            c.HasIndex(x => x.BodyHash);
            c.HasIndex(x => new { x.Status, x.IpAddress });
            c.HasIndex(x => new { x.Status, x.AuthorUrl });
            c.HasOne(x => x.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Comment>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => new { x.ArticleId, x.Status, x.CreatedAt });
            c.HasIndex(x => new { x.Status, x.CreatedAt });
            c.HasIndex(x => new { x.AuthorEmail, x.Status });
        });

        modelBuilder.Entity<ArticleViewCount>(v =>
        {
            v.ToTable("ArticleViews");
            v.HasKey(x => new { x.ArticleId, x.Day });
            v.HasIndex(x => x.Day);
            v.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RelatedArticle>(r =>
        {
            r.HasKey(x => new { x.ArticleId, x.Position });
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.RelatedArticleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RelatedArticleChoice>(r =>
        {
            r.HasKey(x => new { x.ArticleId, x.OtherArticleId });
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.OtherArticleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Jobs.JobLease>(l =>
        {
            l.HasKey(x => x.Name);
            l.Property(x => x.Name).HasMaxLength(100);
            l.Property(x => x.Holder).HasMaxLength(200);
        });

        modelBuilder.Entity<StoredSpamModel>(m =>
        {
            m.ToTable("SpamModels");
            m.Property(x => x.Id).ValueGeneratedNever();
            m.Property(x => x.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<SiteSettings>(s =>
        {
            s.Property(x => x.Id).ValueGeneratedNever();
            s.Property(x => x.Title).HasMaxLength(200);
            s.Property(x => x.Tagline).HasMaxLength(300);
            s.Property(x => x.PermalinkStructure).HasMaxLength(100).HasDefaultValue("/{year}/{month}/{slug}");
            s.Property(x => x.TimeZoneId).HasMaxLength(100);
            s.Property(x => x.Culture).HasMaxLength(20);
            s.Property(x => x.ModerationPolicy).HasConversion<string>().HasMaxLength(20);
            s.Property(x => x.BlockedTermAction).HasConversion<string>().HasMaxLength(20);
            s.Property(x => x.BlockedTerms).HasMaxLength(20_000);
            s.Property(x => x.AllowedCommenters).HasMaxLength(20_000);
            s.Property(x => x.PrivacySalt).HasMaxLength(100);
            s.Property(x => x.CommentOrder).HasConversion<string>().HasMaxLength(20);
        });
    }
}
