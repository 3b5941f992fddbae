using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HelpdeskBot.Bot.Conversations.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConnectorOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConnectorOutbox",
                schema: "helpdesk",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChannelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConversationId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ServiceUrl = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ReplyToId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ActivityJson = table.Column<string>(type: "text", nullable: false),
                    PendingId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectorOutbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorOutbox_ChannelId_ConversationId_Id",
                schema: "helpdesk",
                table: "ConnectorOutbox",
                columns: new[] { "ChannelId", "ConversationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ConnectorOutbox_NextAttemptUtc",
                schema: "helpdesk",
                table: "ConnectorOutbox",
                column: "NextAttemptUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectorOutbox",
                schema: "helpdesk");
        }
    }
}
