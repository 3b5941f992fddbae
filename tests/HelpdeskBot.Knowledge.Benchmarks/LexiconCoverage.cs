using System.Globalization;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// How much of the seed corpus's Indonesian text <see cref="BilingualLexicon"/> renders in English, and the words it
/// does not know, most frequent first: where to extend the lexicon when documents are added. Words it keeps as written
/// on purpose (names, codes, English loanwords) show up here too.
/// </summary>
internal sealed class LexiconCoverage(Report report)
{
    public Task RunAsync()
    {
        report.Log("## lexicon");
        var lexicon = BilingualLexicon.Default;
        var words = SeedCorpus.Files()
            .Select(f => DocumentParser.Parse(f.FileName, f.Content))
            .Where(d => d.Fields.Language == "id")
            .SelectMany(d => d.Sections.SelectMany(s => s.HeadingPath.Concat(s.Paragraphs)))
            .SelectMany(text => text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim('.', ',', ';', ':', '?', '!', '(', ')', '"', '*', '|').ToLowerInvariant())
            .Where(w => w.Length > 0 && w.All(c => char.IsLetter(c) || c == '-'))
            .ToArray();
        var unknown = words.Where(w => lexicon.Lookup(w).Count == 0).GroupBy(w => w).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
        report.Log($"{lexicon.Count} entries; Indonesian seed documents: {words.Length} words, {words.Distinct().Count()} distinct; " +
                   $"known {Report.Percent(1 - (double)unknown.Sum(g => g.Count()) / words.Length)} of the words, " +
                   $"{Report.Percent(1 - (double)unknown.Length / words.Distinct().Count())} of the distinct ones");
        report.Log("Unknown: " + string.Join(", ", unknown.Select(g => g.Count() > 1 ? $"{g.Key} ({g.Count().ToString(CultureInfo.InvariantCulture)})" : g.Key)));
        // What translation adds to a query's time: every seed question (both files) rendered both ways, many times over.
        var questions = BenchmarkData.SeedQuestions().Concat(BenchmarkData.SeedQuestions("seed-questions-heldout.tsv")).Select(q => q.Text).ToArray();
        const int rounds = 200;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                _ = lexicon.ToEnglish(question);
                _ = lexicon.EnglishTerms(question);
                _ = lexicon.IndonesianTerms(question);
            }
        }

        report.Log($"Translating a question (gloss, English terms and Indonesian terms): {Report.Number(clock.Elapsed.TotalMilliseconds * 1000 / (rounds * questions.Length), "0.0")} µs on average over {questions.Length} questions");
        report.Detail(
            "lexicon-glosses.tsv",
            ["document", "section", "indonesian", "english"],
            SeedCorpus.Files()
                .Select(f => (f.FileName, Document: DocumentParser.Parse(f.FileName, f.Content)))
                .Where(d => d.Document.Fields.Language == "id")
                .SelectMany(d => d.Document.Sections.SelectMany(s => s.Paragraphs.Select(p => new[]
                {
                    d.FileName, string.Join(" › ", s.HeadingPath), p, lexicon.ToEnglish(p),
                }))));
        return Task.CompletedTask;
    }
}
