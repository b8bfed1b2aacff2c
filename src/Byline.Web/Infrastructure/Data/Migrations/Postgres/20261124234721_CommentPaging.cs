using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Byline.Web.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommentPaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CommentOrder",
                table: "SiteSettings",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "CommentsPerPage",
                table: "SiteSettings",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CommentOrder",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "CommentsPerPage",
                table: "SiteSettings");
        }
    }
}
