using System.Globalization;
using HelpdeskBot.Classifier.Benchmarks;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Answers from the seed policies as the bot gives them: the seed loaded through <see cref="SeedCorpus"/> into an empty
/// knowledge base, every question of Data/seed-questions.tsv asked through <see cref="KnowledgeSearch.AskAsync"/> as an
/// employee (employee documents) or a member of the public (the rest). An answer is correct when its passages contain
/// one of the expected phrases. Then the same with query translation off, the not-found side on CLINC150's out-of-scope
/// validation queries, and a sweep of <see cref="KnowledgeOptions.MinimumSimilarity"/>.
/// </summary>
internal sealed class SeedBenchmark(BenchmarkSettings settings, CachingEmbedder embedder, Report report)
{
    private static readonly double[] Thresholds = [0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55];

    public async Task RunAsync()
    {
        report.Log("## seed");
        await using var workspace = await KnowledgeWorkspace.CreateAsync(embedder);
        var loaded = await new SeedCorpus(workspace.Library, NullLogger<SeedCorpus>.Instance).LoadIfEmptyAsync();
        var chunks = await workspace.Index.CountAsync();
        var fields = SeedCorpus.Files().ToDictionary(f => f.FileName, f => DocumentParser.Parse(f.FileName, f.Content).Fields, StringComparer.Ordinal);
        var questions = BenchmarkData.SeedQuestions();
        var defaultThreshold = workspace.Options.Value.MinimumSimilarity;
        report.Log($"{loaded} seed files loaded ({chunks} chunks in the index, clock {KnowledgeWorkspace.FixedNow:yyyy-MM-dd}); " +
                   $"{questions.Count} questions; MinimumSimilarity {Report.Number(defaultThreshold, "0.00")} (default)");

        var seedOutcomes = await ScoreAsync(workspace, questions, fields, $"Seed questions, AskAsync, MinimumSimilarity {Report.Number(defaultThreshold, "0.00")} (goal: ≥ 90 % correct)", "Seed failures");

        // Written before any tuning of the cross-language work and never tuned on: how the answer rules do on questions
        // they were not chosen with.
        var heldOut = BenchmarkData.SeedQuestions("seed-questions-heldout.tsv");
        report.Log($"{heldOut.Count} held-out questions (Data/seed-questions-heldout.tsv)");
        var heldOutOutcomes = await ScoreAsync(workspace, heldOut, fields, $"Held-out seed questions, AskAsync, MinimumSimilarity {Report.Number(defaultThreshold, "0.00")} (not tuned on)", "Held-out failures");
        if (settings.Diagnose)
        {
            await DiagnoseAsync(workspace, questions, fields);
        }
        report.Detail(
            "seed-answers.tsv",
            ["id", "language", "kind", "reader", "found", "correct", "right_document", "correct_without_translation", "top_title", "similarity", "question", "passages"],
            seedOutcomes.Concat(heldOutOutcomes).Select(pair => new[]
            {
                pair.With.Question.Id, pair.With.Question.Language, pair.With.Question.Kind, pair.With.Reader.ToString(),
                Flag(pair.With.Found), Flag(pair.With.Correct), Flag(pair.With.RightDocument), Flag(pair.Without.Correct),
                pair.With.TopTitle ?? "", Report.Number(pair.With.TopSimilarity, "0.000"), pair.With.Question.Text, pair.With.Passages,
            }));

        // The not-found side: questions nobody's policies answer. CLINC150's out-of-scope validation split only (its
        // test split is never read here).
        var outOfScope = SharedData.Clinc150(settings.DataDirectory)["oos_val"].Select(e => e.Text).ToArray();
        var sweep = new MarkdownTable(
            "MinimumSimilarity", "seed answered", "seed correct", "seed answered wrongly", "cross-lingual correct", "held-out correct",
            $"OOS answered, public (of {outOfScope.Length})", $"OOS answered, employee (of {outOfScope.Length})");
        foreach (var threshold in Thresholds.Append(defaultThreshold).Distinct().Order())
        {
            var search = workspace.SearchWith(threshold);
            var outcomes = await AskAllAsync(search, questions, fields);
            var heldOutAtThreshold = await AskAllAsync(search, heldOut, fields);
            var publicAnswers = await CountAnsweredAsync(search, outOfScope, ReaderKind.Public);
            var employeeAnswers = await CountAnsweredAsync(search, outOfScope, ReaderKind.Employee);
            sweep.Add(
                Report.Number(threshold, "0.00") + (Math.Abs(threshold - defaultThreshold) < 1e-9 ? " (default)" : ""),
                Share(outcomes, _ => true, o => o.Found),
                Share(outcomes, _ => true, o => o.Correct),
                Share(outcomes, _ => true, o => o.Found && !o.Correct),
                Share(outcomes, q => q.Kind == "cross", o => o.Correct),
                Share(heldOutAtThreshold, _ => true, o => o.Correct),
                Report.Percent((double)publicAnswers / outOfScope.Length),
                Report.Percent((double)employeeAnswers / outOfScope.Length));
        }

        report.Table("MinimumSimilarity sweep: seed questions vs CLINC150 oos_val false answers (lower is better)", sweep);
    }

    /// <summary>
    /// Asks every question with and without query translation, reports the table by language and kind and the failures,
    /// and returns both outcomes per question.
    /// </summary>
    private async Task<IReadOnlyList<(Outcome With, Outcome Without)>> ScoreAsync(
        KnowledgeWorkspace workspace, IReadOnlyList<SeedQuestion> questions, Dictionary<string, DocumentFields> fields, string title, string failuresTitle)
    {
        var defaultThreshold = workspace.Options.Value.MinimumSimilarity;
        var translated = await AskAllAsync(workspace.Search, questions, fields);
        var untranslated = await AskAllAsync(workspace.SearchWith(defaultThreshold, translateQueryTerms: false), questions, fields);

        var table = new MarkdownTable("questions", "n", "answered", "correct", "right document", "correct without query translation");
        foreach (var (label, selected) in Groups(questions))
        {
            var n = questions.Count(selected);
            table.Add(
                label,
                n.ToString(CultureInfo.InvariantCulture),
                Share(translated, selected, o => o.Found),
                Share(translated, selected, o => o.Correct),
                Share(translated, selected, o => o.RightDocument),
                Share(untranslated, selected, o => o.Correct));
        }

        report.Table(title, table);

        var failures = new MarkdownTable("id", "kind", "question", "expected", "top title", "similarity", "why");
        foreach (var outcome in translated.Where(o => !o.Correct))
        {
            var q = outcome.Question;
            var best = await BestHitAsync(workspace, q, fields);
            failures.Add(
                q.Id,
                $"{q.Kind}/{q.Language}",
                q.Text,
                string.Join(" | ", q.Expected),
                outcome.Found ? outcome.TopTitle! : $"(not answered; best hit: {best?.Chunk.Title ?? "none"})",
                Report.Number(outcome.Found ? outcome.TopSimilarity : best?.Similarity ?? 0, "0.00"),
                !outcome.Found ? "below threshold" : outcome.RightDocument ? "right document, wrong passage" : "wrong document");
        }

        report.Table(failuresTitle, failures);
        return translated.Zip(untranslated).ToArray();
    }

    /// <summary>
    /// Where the passage holding the answer ranks on each side (vector, lexical, fused) among everything the reader may
    /// see, and how similar it is: tells a wrong passage from a wrong document from a threshold problem.
    /// </summary>
    private async Task DiagnoseAsync(KnowledgeWorkspace workspace, IReadOnlyList<SeedQuestion> questions, Dictionary<string, DocumentFields> fields)
    {
        var rows = new List<string[]>();
        foreach (var question in questions)
        {
            var filter = new IndexFilter(Audiences.ReadableBy(ReaderFor(question, fields)), workspace.Clock.Today);
            string Rank(IReadOnlyList<IndexHit> hits)
            {
                for (var i = 0; i < hits.Count; i++)
                {
                    if (question.Expected.Any(e => hits[i].Chunk.Text.Contains(e, StringComparison.OrdinalIgnoreCase)))
                    {
                        return (i + 1).ToString(CultureInfo.InvariantCulture);
                    }
                }

                return "-";
            }

            var vector = await workspace.Search.SearchAsync(question.Text, question.Language, filter, 500, SearchMode.Vector);
            var lexical = await workspace.Search.SearchAsync(question.Text, question.Language, filter, 500, SearchMode.Lexical);
            var hybrid = await workspace.Search.SearchAsync(question.Text, question.Language, filter, 500, SearchMode.Hybrid);
            var answerChunk = vector.FirstOrDefault(h => question.Expected.Any(e => h.Chunk.Text.Contains(e, StringComparison.OrdinalIgnoreCase)));
            rows.Add(
            [
                question.Id, question.Kind, question.Language, Rank(vector), Rank(lexical), Rank(hybrid),
                Report.Number(answerChunk?.Similarity ?? 0, "0.00"), Report.Number(vector.Count > 0 ? vector[0].Similarity : 0, "0.00"),
                hybrid.Count > 0 ? hybrid[0].Chunk.Title + " › " + hybrid[0].Chunk.HeadingPath : "", question.Text,
            ]);
        }

        // Every ranking in full, for trying answer-selection rules offline.
        var dump = new List<object>();
        var outOfScope = SharedData.Clinc150(settings.DataDirectory)["oos_val"].Select(e => e.Text).ToArray();
        var asked = questions.Select(q => (q.Id, q.Text, q.Language, Reader: ReaderFor(q, fields), q.Expected))
            .Concat(outOfScope.SelectMany((text, i) => new[] { ReaderKind.Public, ReaderKind.Employee }
                .Select(reader => ($"oos{i:000}-{reader}", text, "en", reader, (IReadOnlyList<string>)[]))));
        var seen = new Dictionary<Guid, object>();
        foreach (var (id, text, language, reader, expected) in asked)
        {
            var filter = new IndexFilter(Audiences.ReadableBy(reader), workspace.Clock.Today);
            var vector = await workspace.Search.SearchAsync(text, language, filter, 500, SearchMode.Vector);
            var lexical = await workspace.Search.SearchAsync(text, language, filter, 500, SearchMode.Lexical);
            foreach (var hit in vector)
            {
                seen.TryAdd(hit.Chunk.Id, new { id = hit.Chunk.Id, doc = hit.Chunk.DocumentId, title = hit.Chunk.Title, heading = hit.Chunk.HeadingPath, ordinal = hit.Chunk.Ordinal, language = hit.Chunk.Language, text = hit.Chunk.Text });
            }

            dump.Add(new { id, text, language, reader = reader.ToString(), expected, vector = vector.Select(h => new { h.Chunk.Id, h.Similarity }), lexical = lexical.Select(h => h.Chunk.Id) });
        }

        File.WriteAllText(Path.Combine(report.Directory, "seed-rankings.json"), System.Text.Json.JsonSerializer.Serialize(new { chunks = seen.Values, queries = dump }));
        report.Detail("seed-diagnosis.tsv", ["id", "kind", "language", "vector_rank", "lexical_rank", "hybrid_rank", "answer_similarity", "top_similarity", "hybrid_top", "question"], rows);
    }

    private static IEnumerable<(string Label, Func<SeedQuestion, bool> Selected)> Groups(IReadOnlyList<SeedQuestion> questions)
    {
        foreach (var kind in new[] { "same", "cross" })
        {
            foreach (var language in questions.Where(q => q.Kind == kind).Select(q => q.Language).Distinct().Order(StringComparer.Ordinal))
            {
                yield return ($"{kind}-language, {language} questions", q => q.Kind == kind && q.Language == language);
            }

            yield return ($"{kind}-language, all", q => q.Kind == kind);
        }

        yield return ("all", _ => true);
    }

    private static string Share(IReadOnlyList<Outcome> outcomes, Func<SeedQuestion, bool> selected, Func<Outcome, bool> counted)
    {
        var chosen = outcomes.Where(o => selected(o.Question)).ToArray();
        var count = chosen.Count(counted);
        return chosen.Length == 0 ? "-" : $"{Report.Percent((double)count / chosen.Length)} ({count})";
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static ReaderKind ReaderFor(SeedQuestion question, Dictionary<string, DocumentFields> fields) =>
        fields[question.DocumentFile].Audience == Audience.Employee ? ReaderKind.Employee : ReaderKind.Public;

    private static async Task<IReadOnlyList<Outcome>> AskAllAsync(
        KnowledgeSearch search, IReadOnlyList<SeedQuestion> questions, Dictionary<string, DocumentFields> fields)
    {
        var outcomes = new List<Outcome>(questions.Count);
        foreach (var question in questions)
        {
            var reader = ReaderFor(question, fields);
            var answer = await search.AskAsync(new KnowledgeQuestion(question.Text, question.Language, reader));
            var passages = string.Join("\n\n", answer.Passages.Select(p => p.Text));
            var correct = answer.Found && question.Expected.Any(expected => passages.Contains(expected, StringComparison.OrdinalIgnoreCase));
            var top = answer.Found ? answer.Passages[0] : null;
            outcomes.Add(new Outcome(
                question,
                reader,
                answer.Found,
                correct,
                top is not null && top.Title == fields[question.DocumentFile].Title,
                top?.Title,
                top?.Similarity ?? 0,
                passages));
        }

        return outcomes;
    }

    private static async Task<IndexHit?> BestHitAsync(KnowledgeWorkspace workspace, SeedQuestion question, Dictionary<string, DocumentFields> fields)
    {
        var filter = new IndexFilter(Audiences.ReadableBy(ReaderFor(question, fields)), workspace.Clock.Today);
        var hits = await workspace.Search.SearchAsync(question.Text, question.Language, filter, 8);
        return hits.Count > 0 ? hits[0] : null;
    }

    private static async Task<int> CountAnsweredAsync(KnowledgeSearch search, IReadOnlyList<string> texts, ReaderKind reader)
    {
        var answered = 0;
        foreach (var text in texts)
        {
            if ((await search.AskAsync(new KnowledgeQuestion(text, "en", reader))).Found)
            {
                answered++;
            }
        }

        return answered;
    }

    private sealed record Outcome(
        SeedQuestion Question, ReaderKind Reader, bool Found, bool Correct, bool RightDocument, string? TopTitle, float TopSimilarity, string Passages);
}
