using HelpdeskBot.Bot.Cli;

namespace HelpdeskBot.Bot.Tests.Knowledge;

/// <summary><c>kb ingest | search | list | reindex</c> run in-process against a fresh data directory, as an admin runs them.</summary>
public sealed class KnowledgeCommandTests : IDisposable
{
    private readonly string _dataDirectory = BotHost.NewDataDirectory();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "helpdeskbot-kb-cli", Guid.NewGuid().ToString("N"));

    public KnowledgeCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "counter"));
        File.WriteAllText(Path.Combine(_folder, "bicycle-parking.md"), """
            ---
            title: Bicycle parking
            audience: customer
            language: en
            owner: Facilities
            ---
            # Bicycle parking

            ## Where to park

            Visitors can park bicycles in the covered rack next to the main entrance of our pickup counter. The rack is
            free of charge and watched by a camera.
            """);
        File.WriteAllText(Path.Combine(_folder, "counter", "pickup-counter-hours.txt"),
            "Opening hours of the pickup counter\n\nThe pickup counter is open Monday to Saturday from 09:00 to 18:00 for staff collections.\n");
        File.WriteAllBytes(Path.Combine(_folder, "broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog"u8.ToArray());
        File.WriteAllText(Path.Combine(_folder, "notes.csv"), "not,a,document\n");
    }

    private string[] Args(params string[] command) =>
        ["kb", .. command, $"--Helpdesk:DataDirectory={_dataDirectory}", $"--Classifier:ModelDirectory={BotHost.SharedModelDirectory}"];

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, bool terminal = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KnowledgeCommand.RunAsync(args, output, error, terminal);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Ingest_stores_every_readable_file_reports_the_broken_one_and_fails_the_run()
    {
        var (exit, output, error) = await RunAsync(Args("ingest", _folder, "--publish", "--audience", "employee", "--owner", "Operations"));

        Assert.Equal(1, exit);
        Assert.Matches(@"(?m)^created\s+bicycle-parking\.md: ""Bicycle parking"" version 1, published, \d+ chunks$", output);
        Assert.Matches(@"(?m)^created\s+counter[/\\]pickup-counter-hours\.txt: ""pickup-counter-hours"" version 1, published", output);
        Assert.Matches(@"(?m)^failed\s+broken\.pdf: broken\.pdf: .+$", output);
        Assert.Matches(@"(?m)^3 files: 2 created, 0 new versions, 0 unchanged, 1 failed \(chunks: \d+, [0-9.]+ chunks/s\)$", output);
        // Redirected, progress is plain lines on stderr; the skipped file type is mentioned there too.
        Assert.Contains("1/3 bicycle-parking.md", error, StringComparison.Ordinal);
        Assert.Contains("Skipping 1 file(s)", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
    }

    [Fact]
    public async Task Ingesting_the_same_folder_again_leaves_the_documents_unchanged()
    {
        await RunAsync(Args("ingest", _folder, "--publish"));

        var (exit, output, _) = await RunAsync(Args("ingest", _folder, "--publish"));

        Assert.Equal(1, exit);
        Assert.Matches(@"(?m)^unchanged\s+bicycle-parking\.md: ""Bicycle parking"" version 1, published$", output);
        Assert.Matches(@"(?m)^3 files: 0 created, 0 new versions, 2 unchanged, 1 failed", output);
    }

    [Fact]
    public async Task Search_lists_the_matching_document_first_with_its_scores_and_respects_the_audience()
    {
        await RunAsync(Args("ingest", _folder, "--publish", "--audience", "employee"));

        var (exit, output, _) = await RunAsync(Args("search", "where can I park my bicycle?", "--as", "customer", "--limit", "3"));
        var (_, hidden, _) = await RunAsync(Args("search", "pickup counter opening hours", "--as", "customer", "--mode", "lexical"));
        var (_, employee, _) = await RunAsync(Args("search", "pickup counter opening hours", "--as=employee", "--mode", "lexical"));

        Assert.Equal(0, exit);
        Assert.Matches(@" 1\. Bicycle parking › [^\n]*\(version 1, en, customer\)", output);
        Assert.Matches(@"score [0-9.]+  cosine [0-9.]+  lexical (#\d+|-)", output);
        Assert.Contains("Visitors can park bicycles", output, StringComparison.Ordinal);
        Assert.DoesNotContain("pickup-counter-hours", hidden, StringComparison.Ordinal);
        Assert.Contains(" 1. pickup-counter-hours", employee, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_and_reindex_show_what_is_stored()
    {
        await RunAsync(Args("ingest", _folder, "--publish"));

        var (listExit, list, _) = await RunAsync(Args("list"));
        var (reindexExit, reindexed, progress) = await RunAsync(Args("reindex"), terminal: true);

        Assert.Equal(0, listExit);
        Assert.Matches(@"(?m)^Bicycle parking\s+v1 published\s+v1\s+customer\s+en\s+Facilities", list);
        Assert.Contains("2 documents, 2 published", list, StringComparison.Ordinal);
        Assert.Equal(0, reindexExit);
        Assert.Matches(@"Reindexed \d+ chunks of 2 documents into the embedded index", reindexed);
        Assert.Contains("\r[##########..........] 1/2 documents", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_does_not_load_the_demo_policies()
    {
        var (_, list, _) = await RunAsync(Args("list"));

        Assert.Contains("0 documents", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Returns and refunds", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kb")]
    [InlineData("kb frobnicate")]
    [InlineData("kb search")]
    [InlineData("kb ingest")]
    [InlineData("kb list extra")]
    [InlineData("kb ingest one two")]
    [InlineData("kb search hello --mode semantic")]
    [InlineData("kb ingest folder --audience partners")]
    [InlineData("kb ingest folder --unknown")]
    public async Task A_missing_or_unknown_subcommand_or_option_prints_the_usage_and_exits_2(string commandLine)
    {
        var (exit, output, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingesting_a_folder_that_does_not_exist_fails()
    {
        var (exit, _, error) = await RunAsync(Args("ingest", Path.Combine(_folder, "missing")));

        Assert.Equal(1, exit);
        Assert.Contains("There is no folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_bar_redraws_in_place_on_a_terminal_and_clears_itself()
    {
        var error = new StringWriter();
        var progress = new ConsoleProgress(error, terminal: true);

        progress.Show(12, 40, "name.md");
        progress.Show(13, 40, "x.md");
        progress.Clear();

        Assert.StartsWith("\r[######..............] 12/40 name.md", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\r[######..............] 13/40 x.md", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\r", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        BotHost.TryDelete(_dataDirectory);
        BotHost.TryDelete(_folder);
    }
}
