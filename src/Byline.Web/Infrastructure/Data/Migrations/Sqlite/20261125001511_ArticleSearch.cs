using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Byline.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search on SQLite: an FTS5 index over the articles table (external content, so the
    /// text is stored once), kept current by triggers on every insert, update and delete.
    /// </summary>
    public partial class ArticleSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
                    "Title", "Excerpt", "BodyMarkdown",
                    content='Articles', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_search_insert" AFTER INSERT ON "Articles" BEGIN
                    INSERT INTO "ArticleSearch"(rowid, "Title", "Excerpt", "BodyMarkdown") VALUES (new."Id", new."Title", new."Excerpt", new."BodyMarkdown");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_search_delete" AFTER DELETE ON "Articles" BEGIN
                    INSERT INTO "ArticleSearch"("ArticleSearch", rowid, "Title", "Excerpt", "BodyMarkdown") VALUES ('delete', old."Id", old."Title", old."Excerpt", old."BodyMarkdown");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Articles_search_update" AFTER UPDATE OF "Title", "Excerpt", "BodyMarkdown" ON "Articles" BEGIN
                    INSERT INTO "ArticleSearch"("ArticleSearch", rowid, "Title", "Excerpt", "BodyMarkdown") VALUES ('delete', old."Id", old."Title", old."Excerpt", old."BodyMarkdown");
                    INSERT INTO "ArticleSearch"(rowid, "Title", "Excerpt", "BodyMarkdown") VALUES (new."Id", new."Title", new."Excerpt", new."BodyMarkdown");
                END;
                """);
            migrationBuilder.Sql("""INSERT INTO "ArticleSearch"("ArticleSearch") VALUES ('rebuild');""");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Articles_search_update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Articles_search_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Articles_search_insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "ArticleSearch";""");
        }
    }
}
