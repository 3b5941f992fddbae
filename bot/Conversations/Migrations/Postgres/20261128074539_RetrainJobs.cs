using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpdeskBot.Bot.Conversations.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RetrainJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RetrainJobs",
                schema: "helpdesk",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ViewJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetrainJobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RetrainJobs_Status_StartedUtc",
                schema: "helpdesk",
                table: "RetrainJobs",
                columns: new[] { "Status", "StartedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetrainJobs",
                schema: "helpdesk");
        }
    }
}
