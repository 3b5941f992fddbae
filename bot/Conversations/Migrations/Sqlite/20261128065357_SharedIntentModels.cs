using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpdeskBot.Bot.Conversations.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedIntentModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntentModels",
                columns: table => new
                {
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Model = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SavedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntentModels", x => x.Fingerprint);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntentModels_SavedUtc",
                table: "IntentModels",
                column: "SavedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntentModels");
        }
    }
}
