using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelpdeskBot.Knowledge.Library.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KnowledgeChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "knowledge_changes",
                schema: "knowledge",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Generation = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_knowledge_changes", x => x.Id);
                });

            migrationBuilder.InsertData(
                schema: "knowledge",
                table: "knowledge_changes",
                columns: new[] { "Id", "Generation" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_changes",
                schema: "knowledge");
        }
    }
}
