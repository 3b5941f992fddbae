using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelpdeskBot.Bot.Tests.Database;

/// <summary>
/// The whole host on PostgreSQL (every store in one database, schemas helpdesk, knowledge and backoffice): a real Direct
/// Line conversation with a handoff lands its rows in PostgreSQL, the audit log is append-only there too, and instances
/// that start together on an empty database create the schema and the demo data once.
/// </summary>
public sealed class PostgresHostTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly string[] AgentRole = [AgentRoles.Agent];

    [Fact]
    public async Task A_conversation_on_PostgreSQL_checks_an_order_goes_to_an_agent_and_back_and_its_rows_are_in_PostgreSQL()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using var host = AgentAccountsForTests.NewHandoffHost().OnPostgres(connectionString).WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));

        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        Assert.Contains("You're number", await customer.AskAsync("talk to a person"), StringComparison.Ordinal);
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));
        await agent.SendAsync(caseId, "Hello, this is Sari.");
        Assert.Contains((await customer.GetActivitiesAsync()).Activities, a => a.Text == "Hello, this is Sari.");
        await agent.ResolveAsync(caseId);
        await agent.WaitForEventAsync("caseClosed", args => args[0].GetInt64() == caseId);
        Assert.Contains("Thank you for your rating", await customer.AskAsync("4"), StringComparison.Ordinal);
        // Back with the bot.
        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);

        // Nothing went to SQLite: the data directory has no state, knowledge metadata or back office file.
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "state.db")));
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "knowledge.db")));
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "backoffice.db")));

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var conversation = customer.ConversationId;
        Assert.True(await CountAsync(db, "SELECT count(*) FROM helpdesk.\"Transcript\" WHERE \"ConversationId\" = @c AND \"Direction\" = 'user'", conversation) >= 4);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM helpdesk.\"Transcript\" WHERE \"ConversationId\" = @c AND \"Direction\" = 'agent'", conversation));
        Assert.True(await CountAsync(db, "SELECT count(*) FROM helpdesk.\"AnalyticsEvents\" WHERE \"ConversationId\" = @c", conversation) >= 2);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM helpdesk.\"HandoffCases\" WHERE \"ConversationId\" = @c AND \"Status\" = 'Resolved' AND \"Satisfaction\" = 4", conversation));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM helpdesk.\"AuditEntries\" WHERE \"Action\" = 'handoff.accept' AND \"TargetId\" = @c", caseId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(await CountAsync(db, "SELECT count(*) FROM helpdesk.\"DirectLineActivities\" WHERE \"ConversationId\" = @c", conversation) >= 8);
        // The demo back office was seeded into PostgreSQL and answered the order question from there.
        Assert.True(await CountAsync(db, "SELECT count(*) FROM backoffice.\"Orders\" WHERE \"Id\" = @c", "ORD-100123") == 1);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM knowledge.documents WHERE true OR @c = ''", ""));
    }

    [Fact]
    public async Task The_audit_log_is_append_only_on_PostgreSQL()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using (var host = new BotHost().OnPostgres(connectionString))
        {
            host.CreateClient().Dispose();
        }

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await ExecuteAsync(db,
            "INSERT INTO helpdesk.\"AuditEntries\" (\"AtUtc\", \"Actor\", \"ActorKind\", \"Action\", \"TargetType\", \"Outcome\") " +
            "VALUES (now(), 'sari', 'agent', 'handoff.accept', 'handoff', 'Succeeded')");

        foreach (var statement in (string[])[
            "UPDATE helpdesk.\"AuditEntries\" SET \"Actor\" = 'someone else'",
            "DELETE FROM helpdesk.\"AuditEntries\"",
            "TRUNCATE helpdesk.\"AuditEntries\""])
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db, statement));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM helpdesk.\"AuditEntries\" WHERE \"Actor\" = @c", "sari"));
    }

    [Fact]
    public async Task Two_hosts_starting_at_once_on_one_empty_database_create_the_schema_the_demo_data_and_the_first_key_once()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using var first = new BotHost().OnPostgres(connectionString);
        using var second = new BotHost().OnPostgres(connectionString);

        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));

        foreach (var client in clients)
        {
            var customer = await new DirectLineClient(client).StartAsync("en-US", Requester.Customer("CUS-0001"));
            Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        }

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        // Every migration of each store recorded once: applied by one host, found done by the other.
        foreach (var (schema, context) in (ValueTuple<string, string>[])[("helpdesk", "PostgresStateDbContext"), ("knowledge", "PostgresKnowledgeDbContext"), ("backoffice", "PostgresBackOfficeDbContext")])
        {
            Assert.Equal(MigrationsOf(context), await CountAsync(db, $"SELECT count(*) FROM {schema}.\"__EFMigrationsHistory\" WHERE @c <> ''", schema));
        }

        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM backoffice.\"Orders\" WHERE \"Id\" = @c", "ORD-100123"));
        // One data-protection key for both, so a console signed in on one is signed in on the other from the start.
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM helpdesk.\"DataProtectionKeys\" WHERE @c = ''", ""));
        Assert.Equal(await CountAsync(db, "SELECT count(DISTINCT \"Email\") FROM backoffice.\"Customers\" WHERE @c = ''", ""),
            await CountAsync(db, "SELECT count(*) FROM backoffice.\"Customers\" WHERE @c = ''", ""));
    }

    private static long MigrationsOf(string contextName) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("HelpdeskBot.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes())
            .Count(t => typeof(Microsoft.EntityFrameworkCore.Migrations.Migration).IsAssignableFrom(t)
                && System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>(t)?.ContextType.Name == contextName);

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql, string parameter)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("c", parameter);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
