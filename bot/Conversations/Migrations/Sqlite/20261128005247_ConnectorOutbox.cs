using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpdeskBot.Bot.Conversations.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConnectorOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConnectorOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ReplyToId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ActivityJson = table.Column<string>(type: "TEXT", nullable: false),
                    PendingId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectorOutbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorOutbox_ChannelId_ConversationId_Id",
                table: "ConnectorOutbox",
                columns: new[] { "ChannelId", "ConversationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorOutbox_NextAttemptUtc",
                table: "ConnectorOutbox",
                column: "NextAttemptUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectorOutbox");
        }
    }
}
