using HelpdeskBot.LoadTest;

namespace HelpdeskBot.LoadTest.Tests;

/// <summary>
/// The fault run's short form, as CI runs it: the real bot host (a separate process on a fresh SQLite data directory)
/// under 24 concurrent Direct Line conversations, killed with SIGKILL 6 s in and restarted on the same data directory and
/// port; the users retry their failed POSTs with the same client activity id and reopen their streams from their
/// watermark, as Web Chat does. Then the audit against the host's transcripts: every message that got 200 answered exactly
/// once, nothing lost, nothing delivered twice, every conversation state readable, and every conversation the kill
/// interrupted answers its next turn as scripted. Before the turn wrote its Direct Line replies in its own transaction,
/// this run lost the replies of turns that had committed just before the kill (a retry found the turn done and got nothing).
/// </summary>
public sealed class FaultLoadRunTests
{
    [Fact]
    public async Task A_host_killed_mid_run_and_restarted_answers_every_accepted_message_exactly_once()
    {
        var output = new StringWriter();
        var results = Path.Combine(Path.GetTempPath(), "helpdeskbot-loadtest-tests", Guid.NewGuid().ToString("N"));

        var result = await LoadRun.RunAsync(LoadTestOptions.FaultShortForm with { ResultsDirectory = results }, output, CancellationToken.None);

        var report = output.ToString();
        var fault = result.Fault;
        Assert.NotNull(fault);
        // The kill hit a run in progress: conversations were open and messages in flight, and they came through.
        Assert.True(fault.ConversationsOpen > 0, report);
        Assert.True(fault.TurnsInFlight > 0 && result.Audit.Retried > 0, report);
        Assert.True(fault.Reconnects > 0, report);
        Assert.NotNull(fault.FirstReplyAfter);
        Assert.Equal(fault.ConversationsOpen, fault.ProbesAnswered);
        Assert.Empty(fault.HostLogProblems);

        Assert.True(result.Audit.AcceptedMessages > 0, report);
        Assert.True(result.Audit.StoredReplies == result.Audit.SeenReplies, report);
        Assert.True(result.Audit.Lost == 0, report);
        Assert.True(result.Audit.Duplicated == 0, report);
        Assert.True(result.Audit.TranscriptMismatches == 0, report);
        Assert.True(result.Audit.UnexpectedAnswers == 0, report);
        Assert.True(result.Audit.States > 0 && result.Audit.UnreadableStates == 0, report);
        // Retrying for two minutes rides out a restart: no message ended as failed.
        Assert.True(result.Audit.VisiblyFailed == 0 && result.Bot.Errors == 0, report);
        Assert.True(result.Passed, report);
        Directory.Delete(results, recursive: true);
    }
}
