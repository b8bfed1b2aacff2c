using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Byline.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommentModeration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AllowedCommenters",
                table: "SiteSettings",
                type: "TEXT",
                maxLength: 20000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BlockedTermAction",
                table: "SiteSettings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BlockedTerms",
                table: "SiteSettings",
                type: "TEXT",
                maxLength: 20000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "CloseCommentsAfterDays",
                table: "SiteSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CommentThreadDepth",
                table: "SiteSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "CommentsEnabled",
                table: "SiteSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MaxLinksBeforeHold",
                table: "SiteSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ModerationPolicy",
                table: "SiteSettings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyHash",
                table: "Comments",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BodyHtml",
                table: "Comments",
                type: "TEXT",
                maxLength: 40000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_BodyHash",
                table: "Comments",
                column: "BodyHash");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_Status_AuthorUrl",
                table: "Comments",
                columns: new[] { "Status", "AuthorUrl" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_Status_IpAddress",
                table: "Comments",
                columns: new[] { "Status", "IpAddress" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_BodyHash",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_Status_AuthorUrl",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_Status_IpAddress",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "AllowedCommenters",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "BlockedTermAction",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "BlockedTerms",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "CloseCommentsAfterDays",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "CommentThreadDepth",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "CommentsEnabled",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "MaxLinksBeforeHold",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "ModerationPolicy",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "BodyHash",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "BodyHtml",
                table: "Comments");
        }
    }
}
