using HelpdeskBot.LoadTest;

namespace HelpdeskBot.LoadTest.Tests;

/// <summary>
/// The load test's short form, as CI runs it: the real bot host (a separate process on a fresh SQLite data directory),
/// 20 concurrent Direct Line conversations over real HTTP and WebSockets for 10 s, then the audit against the host's
/// transcripts. Correctness only — speed is reported by the program (docs/load.md), never asserted here. The ceiling is
/// left out: it says nothing about correctness and would add its own run time.
/// </summary>
public sealed class ShortLoadRunTests
{
    [Fact]
    public async Task Twenty_concurrent_conversations_lose_nothing_duplicate_nothing_and_are_answered_as_scripted()
    {
        var output = new StringWriter();
        var results = Path.Combine(Path.GetTempPath(), "helpdeskbot-loadtest-tests", Guid.NewGuid().ToString("N"));

        var turnsFile = Path.Combine(results, "turns.csv");

        var result = await LoadRun.RunAsync(
            LoadTestOptions.ShortForm with { Ceiling = false, ResultsDirectory = results, TurnsFile = turnsFile }, output, CancellationToken.None);

        var report = output.ToString();
        Assert.True(result.Bot.Turns > 0, report);
        // Every simulated user got at least one conversation through, and every message that got 200 was audited.
        Assert.True(result.Audit.Conversations >= LoadTestOptions.ShortForm.Conversations, report);
        Assert.True(result.Audit.AcceptedMessages >= result.Bot.Turns, report);
        Assert.True(result.Audit.StoredReplies > 0 && result.Audit.StoredReplies == result.Audit.SeenReplies, report);
        Assert.True(result.Bot.Errors == 0, report);
        Assert.True(result.Audit.Lost == 0, report);
        Assert.True(result.Audit.Duplicated == 0, report);
        Assert.True(result.Audit.TranscriptMismatches == 0, report);
        Assert.True(result.Audit.UnexpectedAnswers == 0, report);
        Assert.True(result.HostPeakWorkingSetBytes > 0, report);
        Assert.True(File.Exists(result.ReportPath), report);
        Assert.Contains("| **lost** | **0** |", await File.ReadAllTextAsync(result.ReportPath!), StringComparison.Ordinal);
        // Every measured turn once in the turns file and once in the latency by message, under a scripted message.
        var turns = await File.ReadAllLinesAsync(turnsFile);
        Assert.Equal("sent_ms,post_ms,reply_ms,message", turns[0]);
        Assert.Equal(result.Bot.Turns, turns.Length - 1);
        var scripted = Dialogue.All.SelectMany(d => d.Steps).Select(s => s.Text).ToHashSet(StringComparer.Ordinal);
        Assert.All(turns.Skip(1), line => Assert.Contains(line.Split(',', 4)[3].Trim('"'), scripted));
        Assert.Equal(result.Bot.Turns, result.Bot.ReplyByMessage.Sum(m => m.Reply.Count));
        Assert.All(result.Bot.ReplyByMessage, m => Assert.Contains(m.Message, scripted));
        Assert.Contains("| reply latency by message", report, StringComparison.Ordinal);
        Directory.Delete(results, recursive: true);
    }
}
