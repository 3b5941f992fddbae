using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpdeskBot.Bot.Conversations.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedIntentModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntentModels",
                schema: "helpdesk",
                columns: table => new
                {
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Model = table.Column<byte[]>(type: "bytea", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntentModels", x => x.Fingerprint);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntentModels_SavedUtc",
                schema: "helpdesk",
                table: "IntentModels",
                column: "SavedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntentModels",
                schema: "helpdesk");
        }
    }
}
