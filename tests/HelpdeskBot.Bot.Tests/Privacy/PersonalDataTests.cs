using System.Data.Common;
using System.Text.Json.Nodes;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Admin.Inbox;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// Personal data typed into real conversations (Direct Line through the real host, SQLite files, the agent console over
/// SignalR) is masked everywhere it is kept or leaves the process: log lines at any level, every table of the state
/// database but the user's own Direct Line log and the live conversation state, inbox items, and the agent console,
/// which shows each kind as <c>Privacy:AgentView</c> says.
/// </summary>
public sealed partial class PersonalDataTests
{
    private const string Email = "budi.santoso@example.co.id";
    private const string Phone = "0812-3456-7890";
    private const string Card = "4111 1111 1111 1111";
    private const string Nik = "3174015508900001";
    private const string Npwp = "01.234.567.8-901.000";
    private const string Account = "1370012345678";
    private const string Password = "Hunter2!x";

    private static readonly string[] Said =
    [
        $"who won the football match yesterday? tell me at {Email} or {Phone}",
        $"my card {Card} was charged twice for ORD-100123",
        $"NIK saya {Nik} dan NPWP {Npwp}, refund ke rekening Mandiri {Account} ya",
        $"my password is {Password} and I cannot sign in",
    ];

    /// <summary>The raw values and the digits that would betray them if only part of one was masked.</summary>
    private static readonly string[] Raw =
        [Email, "budi.santoso", Phone, "3456-7890", Card, "4111111111111111", Nik, Npwp, "234.567.8", Account, Password];

    [Fact]
    public async Task Personal_data_typed_in_a_conversation_reaches_no_log_line_at_any_level()
    {
        using var host = new BotHost()
            .With("Logging:LogLevel:Default", "Trace")
            .With("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .With("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Debug")
            .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");
        foreach (var text in Said)
        {
            await session.AskAsync(text);
        }

        // A log call that does let user text through — a future mistake, or a parser quoting its input in an exception.
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PersonalDataTests");
        LogCarelessly(logger, new FormatException($"Could not parse '{Nik}' as a date"), Said[0]);

        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(records, r => r.Level <= LogLevel.Debug);
        foreach (var record in records)
        {
            var parts = new List<string?> { record.Message, record.Exception?.ToString(), record.Exception?.Message };
            parts.AddRange(record.StructuredState?.Select(p => p.Value) ?? []);
            var line = string.Join(" ", parts);
            Assert.DoesNotContain(Raw, raw => line.Contains(raw, StringComparison.Ordinal));
        }

        var mistake = Assert.Single(records, r => r.Category == "PersonalDataTests");
        Assert.Equal("The user wrote who won the football match yesterday? tell me at [email] or [phone]", mistake.Message);
        Assert.Contains("Could not parse '[nik]' as a date", mistake.Exception!.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(FormatException), mistake.Exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcripts_inbox_items_and_every_other_stored_row_hold_only_masked_text()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");
        foreach (var text in Said)
        {
            await session.AskAsync(text);
        }

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var transcript = await db.Transcript.AsNoTracking()
            .Where(t => t.ConversationId == session.ConversationId && t.Direction == "user").OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
        Assert.Equal(
            [
                "who won the football match yesterday? tell me at [email] or [phone]",
                "my card [card] was charged twice for ORD-100123",
                "NIK saya [nik] dan NPWP [npwp], refund ke rekening Mandiri [account] ya",
                "my password is [password] and I cannot sign in",
            ],
            transcript);
        var inbox = await InboxTestClient.ItemsAsync(host);
        Assert.Contains(inbox, i => i.Reason == InboxReasons.OutOfScope && i.Text == transcript[0]);

        // Every text column of every table, except the two that must hold what was typed: the Direct Line log the user's
        // own client reads back, and the live state of an open form (what the user is in the middle of giving the bot).
        var leaks = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            if (table is "DirectLineActivities" or "Conversations")
            {
                continue;
            }

            foreach (var row in await RowsAsync(connection, table))
            {
                leaks.AddRange(Raw.Where(raw => row.Contains(raw, StringComparison.Ordinal)).Select(raw => $"{table}: {raw}"));
            }
        }

        Assert.Empty(leaks);
    }

    [Fact]
    public async Task The_agent_console_shows_personal_data_as_configured_while_the_transcript_keeps_it_masked()
    {
        using var host = AgentAccountsForTests.NewHandoffHost()
            .WithAgent(0, "sari", "Sari Dewi", [HelpdeskBot.Bot.Handoff.AgentRoles.Agent])
            .With("Privacy:AgentView:Phone", "Full")
            .With("Privacy:AgentView:Nik", "Last4");
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        await customer.SayAsync($"reach me at {Phone} or {Email}; card {Card}, NIK {Nik}, rekening BCA {Account}, password: {Password}");

        var line = (await agent.WaitForEventAsync("userMessage", args => args[0].GetInt64() == caseId))[1];
        Assert.Equal(
            $"reach me at {Phone} or b***@example.co.id; card [card …1111], NIK [nik …0001], rekening BCA [account], password: [password]",
            line.GetProperty("text").GetString());
        var transcript = (await agent.GetCaseAsync(caseId)).GetProperty("transcript").EnumerateArray().Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Contains("reach me at [phone] or [email]; card [card], NIK [nik], rekening BCA [account], password: [password]", transcript);
    }

    [Fact]
    public async Task The_context_package_shows_the_fields_of_the_interrupted_form_in_the_default_agent_view()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");
        await session.AskAsync("talk to a person");
        var handoff = host.Services.GetRequiredService<HandoffService>();
        var open = await handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync())
        {
            // A form the user had half filled when they asked for a person, as the state store keeps it: unmasked.
            var record = await db.Conversations.SingleAsync(c => c.ConversationId == session.ConversationId);
            var state = JsonNode.Parse(record.StateJson)!.AsObject();
            state["suspendedForm"] = new JsonObject
            {
                ["form"] = "it.ticket",
                ["description"] = $"laptop broken, call {Phone} or mail {Email}, NIK {Nik}, card {Card}",
            };
            record.StateJson = state.ToJsonString();
            await db.SaveChangesAsync();
        }

        var agent = new AgentIdentity("dewi", "Dewi", new HashSet<string>(), IsAdmin: false);
        var context = await handoff.ContextAsync(open!.Id, agent, (_, _) => Task.FromResult<IReadOnlyList<ProfileField>>([]), CancellationToken.None);

        var slot = Assert.Single(context.Slots, s => s.Name == "description");
        Assert.Equal(("it.ticket", "laptop broken, call [phone …7890] or mail b***@example.co.id, NIK [nik], card [card …1111]"), (slot.Form, slot.Value));
    }

    [Theory]
    [InlineData("Privacy:AgentView:Email", "Last4", "Email cannot be Last4")]
    [InlineData("Privacy:AgentView:Card", "Full", "Card cannot be Full")]
    public void An_agent_view_that_cannot_or_must_not_be_shown_stops_the_host_at_start(string key, string value, string expected)
    {
        using var host = new BotHost().With(key, value);
        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwords_have_no_agent_view_setting_and_configuring_one_stops_the_host_at_start()
    {
        using var host = new BotHost().With("Privacy:AgentView:Password", "Full");
        var error = Assert.ThrowsAny<InvalidOperationException>(() => host.CreateClient());
        Assert.Contains("Password", error.ToString(), StringComparison.Ordinal);
    }

    [LoggerMessage(LogLevel.Warning, "The user wrote {Text}")]
    private static partial void LogCarelessly(ILogger logger, Exception exception, string text);

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Each row's text columns joined (SQLite stores text as TEXT; blobs such as embeddings are skipped).</summary>
    private static async Task<List<string>> RowsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!await reader.IsDBNullAsync(i) && reader.GetFieldType(i) == typeof(string))
                {
                    values.Add(reader.GetString(i));
                }
            }

            rows.Add(string.Join(" ", values));
        }

        return rows;
    }
}
