using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Byline.Web.Infrastructure.Data.Migrations.Postgres
{
    /// <summary>
    /// Full-text search on PostgreSQL: a stored, generated tsvector (title weighted A, excerpt B,
    /// body D) with a GIN index; the database keeps it current. The 'simple' configuration does not
    /// stem, like SQLite's unicode61 tokenizer, so both providers match the same words.
    /// </summary>
    public partial class ArticleSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Articles" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce("Title", '')), 'A') ||
                    setweight(to_tsvector('simple', coalesce("Excerpt", '')), 'B') ||
                    setweight(to_tsvector('simple', coalesce("BodyMarkdown", '')), 'D')) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_Articles_SearchVector" ON "Articles" USING GIN ("SearchVector");""");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Articles_SearchVector";""");
            migrationBuilder.Sql("""ALTER TABLE "Articles" DROP COLUMN IF EXISTS "SearchVector";""");
        }
    }
}
