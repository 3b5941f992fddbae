using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Skills.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Groundedness of generated policy answers: every seed question whose passages are found is sent with them to a chat
/// model, with the prompts the bot sends (<see cref="GroundedPolicyAnswers"/>), and the answer checked as the bot checks
/// it (<see cref="GroundedAnswerCheck"/>). Groundedness is the share of model answers whose facts all appear in the passages
/// they cite (and that cite one); the rest would have been replaced by the extractive answer. The model is a scripted one
/// (<see cref="ScriptedPolicyModel"/>: faithful quotes measure the checker's false refusals, quotes with a figure changed
/// its misses) unless
/// <c>--llm-endpoint</c> and <c>--llm-model</c> name a real one.
/// </summary>
internal sealed class GroundedBenchmark(BenchmarkSettings settings, CachingEmbedder embedder, Report report)
{
    public async Task RunAsync()
    {
        report.Log("## grounded");
        await using var workspace = await KnowledgeWorkspace.CreateAsync(embedder);
        await new SeedCorpus(workspace.Library, NullLogger<SeedCorpus>.Instance).LoadIfEmptyAsync();
        var fields = SeedCorpus.Files().ToDictionary(f => f.FileName, f => DocumentParser.Parse(f.FileName, f.Content).Fields, StringComparer.Ordinal);
        var questions = BenchmarkData.SeedQuestions().Concat(BenchmarkData.SeedQuestions("seed-questions-heldout.tsv")).ToList();
        report.Log($"{questions.Count} seed questions (tuned and held-out)");
        if (settings.LlmEndpoint is null || settings.LlmModel is null)
        {
            using var faithful = new ScriptedPolicyModel(perturb: false);
            await MeasureAsync(workspace, fields, questions, faithful, "scripted: quotes the passage sentence closest to the question", "grounded-answers.tsv");

            // The checker's other side: the same quotes with their first figure changed by one must all be refused.
            using var inventing = new ScriptedPolicyModel(perturb: true);
            await MeasureAsync(workspace, fields, questions, inventing, "scripted: the same quote with its first number changed by one", "grounded-perturbed-answers.tsv");
            return;
        }

        var key = Environment.GetEnvironmentVariable("Llm__ApiKey");
        using var model = new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(key) ? "no-key" : key), new OpenAIClientOptions { Endpoint = new Uri(settings.LlmEndpoint) })
            .GetChatClient(settings.LlmModel)
            .AsIChatClient();
        await MeasureAsync(workspace, fields, questions, model, $"{settings.LlmModel} at {settings.LlmEndpoint}", "grounded-answers.tsv");
    }

    private async Task MeasureAsync(
        KnowledgeWorkspace workspace, Dictionary<string, DocumentFields> fields, IReadOnlyList<SeedQuestion> questions, IChatClient chat, string modelName, string detailFile)
    {

        // Checked exactly as the bot checks: citations and figures, no run of the rules' words, the asker's language.
        var answerLanguage = new AnswerLanguage(new HelpdeskBot.Classifier.Languages.LanguageDetector());
        var rows = new List<string[]>();
        var verdicts = new List<(SeedQuestion Question, GroundingVerdict Verdict, bool HasExpected)>();
        foreach (var question in questions)
        {
            var reader = fields[question.DocumentFile].Audience == Audience.Employee ? ReaderKind.Employee : ReaderKind.Public;
            var answer = await workspace.Search.AskAsync(new KnowledgeQuestion(question.Text, question.Language, reader));
            if (!answer.Found)
            {
                continue;
            }

            var response = await chat.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, GroundedPolicyAnswers.SystemPrompt(question.Language)),
                    new ChatMessage(ChatRole.User, GroundedPolicyAnswers.UserPrompt(question.Text, answer.Passages)),
                ],
                new ChatOptions { MaxOutputTokens = 600, Temperature = 0 });
            var verdict = GroundedPolicyAnswers.Verify(response.Text, question.Language, answer.Passages, answerLanguage);
            var hasExpected = question.Expected.Any(e => response.Text.Contains(e, StringComparison.OrdinalIgnoreCase));
            verdicts.Add((question, verdict, hasExpected));
            rows.Add([question.Id, question.Language, verdict.Passed ? "1" : "0", verdict.Failure.ToString(), verdict.Detail ?? "", hasExpected ? "1" : "0", question.Text, response.Text.ReplaceLineEndings(" ")]);
        }

        var table = new MarkdownTable("questions", "answered by the model", "grounded (all facts in cited passages)", "no citation", "unknown citation", "unsupported fact", "repeats the rules", "wrong language", "empty", "grounded and with the expected fact");
        foreach (var (name, selected) in new (string, Func<SeedQuestion, bool>)[] { ("en", q => q.Language == "en"), ("id", q => q.Language == "id"), ("all", _ => true) })
        {
            var chosen = verdicts.Where(v => selected(v.Question)).ToList();
            string Share(Func<(SeedQuestion Question, GroundingVerdict Verdict, bool HasExpected), bool> counted) =>
                chosen.Count == 0 ? "-" : $"{Report.Percent((double)chosen.Count(counted) / chosen.Count)} ({chosen.Count(counted)})";
            table.Add(
                name,
                chosen.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Share(v => v.Verdict.Passed),
                Share(v => v.Verdict.Failure == GroundingFailure.NoCitation),
                Share(v => v.Verdict.Failure == GroundingFailure.UnknownCitation),
                Share(v => v.Verdict.Failure == GroundingFailure.UnsupportedFact),
                Share(v => v.Verdict.Failure == GroundingFailure.RepeatsInstructions),
                Share(v => v.Verdict.Failure == GroundingFailure.WrongLanguage),
                Share(v => v.Verdict.Failure == GroundingFailure.Empty),
                Share(v => v.Verdict.Passed && v.HasExpected));
        }

        report.Table($"Groundedness of model answers on the seed questions ({modelName})", table);
        report.Detail(detailFile, ["id", "language", "grounded", "failure", "detail", "expected_fact", "question", "answer"], rows);
    }
}

/// <summary>
/// A model that needs no server: it answers with the sentence of passage [1] that shares the most words with the question,
/// cited as [1]. A faithful quote, so every refusal of its answers is a false refusal of the checker (or a sentence that
/// splits badly); the real measure is a real model (<c>--llm-endpoint</c>).
/// </summary>
internal sealed partial class ScriptedPolicyModel(bool perturb) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var user = messages.Last(m => m.Role == ChatRole.User).Text;
        var question = Words(user[(user.LastIndexOf("Question:", StringComparison.Ordinal) + 9)..]);
        var passage = PassageOne().Match(user).Groups["text"].Value;
        var best = SentenceEnd().Split(passage).Select(s => s.Trim()).Where(s => s.Length > 0)
            .OrderByDescending(s => Words(s).Intersect(question).Count())
            .FirstOrDefault() ?? passage;
        if (perturb)
        {
            best = FirstNumber().Replace(best, m => (long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), 1);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"{best} [1]")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static HashSet<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToUpperInvariant()).Select(m => m.Value).Where(w => w.Length > 2)];

    [GeneratedRegex(@"^\[1\] [^\n]*\n(?<text>(?:(?!\n\[\d+\] |\nQuestion: )[\s\S])*)", RegexOptions.Multiline)]
    private static partial Regex PassageOne();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=\p{Lu})|\n+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<![\d.,])\d{1,9}(?![\d.,]\d)")]
    private static partial Regex FirstNumber();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordPattern();
}
