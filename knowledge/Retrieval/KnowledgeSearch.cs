using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>A question from a user: its text, its language ("en" or "id") and who asks, which decides what they may read.</summary>
public sealed record KnowledgeQuestion(string Text, string Language, ReaderKind Reader)
{
    /// <summary>
    /// Answer only when a passage clears <see cref="KnowledgeOptions.OutOfScopeMinimumSimilarity"/>: for messages the
    /// classifier did not recognise as a policy question, where a vague answer would be worse than none.
    /// </summary>
    public bool Strict { get; init; }
}

/// <summary>A passage to quote, with what a citation needs: title, section (heading path) and version.</summary>
public sealed record KnowledgePassage(
    Guid DocumentId,
    int Version,
    string Title,
    string Section,
    string Text,
    string Language,
    double Score,
    float Similarity);

/// <summary>
/// The passages that answer a question, best first; empty when nothing in the knowledge base is relevant enough, in which
/// case the bot says so rather than quoting something beside the point.
/// </summary>
public sealed record KnowledgeAnswer(IReadOnlyList<KnowledgePassage> Passages)
{
    public bool Found => Passages.Count > 0;
}

/// <summary>Answers a user's policy question from the knowledge base: what the knowledge skill asks.</summary>
public interface IKnowledgeAnswers
{
    Task<KnowledgeAnswer> AskAsync(KnowledgeQuestion question, CancellationToken cancellationToken = default);
}

/// <summary>
/// Hybrid retrieval over the published, effective passages a reader may see. The question is translated word by word
/// (<see cref="BilingualLexicon"/>), embedded, and sent to the index with its analysed terms in both languages; the index
/// fuses the dense and lexical rankings (reciprocal rank fusion) under the reader's filter. With a
/// <paramref name="fallback"/> (a remote index), a search the index cannot answer because it is unreachable is answered
/// lexically from the knowledge database instead of failing (<see cref="LexicalFallback"/>).
/// </summary>
public sealed class KnowledgeSearch(
    IKnowledgeIndex index,
    KnowledgeLibrary library,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    KnowledgeClock clock,
    IOptions<KnowledgeOptions> options,
    LexicalFallback? fallback = null) : IKnowledgeAnswers
{
    // A second passage is quoted only when it is nearly as close as the first: one clear answer beats two vague ones.
    private const float SecondPassageMargin = 0.05f;
    private const int Candidates = 8;

    private readonly QueryVectors _queries = new(embedder, options.Value.QueryCacheEntries);

    /// <summary>The question-vector cache, for its hit and miss counts.</summary>
    public QueryVectors QueryVectors => _queries;

    // Choosing the passage to quote (RankForAnswer): a small rank constant, so first place on a side counts for much more
    // than fifth, and per-language weights of the two sides. Chosen on the seed questions and checked on StackFAQ
    // (docs/knowledge-benchmarks.md).
    private const int AnswerRankConstant = 10;
    private const double EnglishDenseWeight = 1.0;
    private const double EnglishLexicalWeight = 0.5;
    private const double OtherDenseWeight = 0.3;
    private const double OtherLexicalWeight = 1.0;

    // An English reader is quoted an English passage when one is nearly as good: the model scores it on real text, not
    // on a word-by-word gloss, and the reader can read it. Not the other way round: most policies are in English, and a
    // pull towards the few Indonesian ones is what cross-language Indonesian questions used to fail on.
    private const double EnglishPassageWeight = 0.2;

    public async Task<KnowledgeAnswer> AskAsync(KnowledgeQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (string.IsNullOrWhiteSpace(question.Text))
        {
            return new KnowledgeAnswer([]);
        }

        var filter = new IndexFilter(Audiences.ReadableBy(question.Reader), clock.Today);
        var hits = await SearchAsync(question.Text, question.Language, filter, Candidates, SearchMode.Hybrid, cancellationToken)
            .ConfigureAwait(false);
        var minimum = (float)(question.Strict ? options.Value.OutOfScopeMinimumSimilarity : options.Value.MinimumSimilarity);
        var relevant = RankForAnswer(hits, question.Language)
            .Where(hit => hit.Similarity >= minimum && library.IsPublished(hit.Chunk.DocumentId, hit.Chunk.Version)).ToArray();
        if (relevant.Length == 0)
        {
            return new KnowledgeAnswer([]);
        }

        var best = relevant[0];
        var passages = new List<KnowledgePassage> { ToPassage(best) };
        var second = relevant.Skip(1).FirstOrDefault(hit =>
            hit.Similarity >= best.Similarity - SecondPassageMargin
            && !(hit.Chunk.DocumentId == best.Chunk.DocumentId && Math.Abs(hit.Chunk.Ordinal - best.Chunk.Ordinal) <= 1 && hit.Chunk.HeadingPath == best.Chunk.HeadingPath));
        if (second is not null)
        {
            passages.Add(ToPassage(second));
        }

        return new KnowledgeAnswer(passages);
    }

    /// <summary>Ranked chunks for a query under any filter and mode: the CLI's and the evaluation's view.</summary>
    public async Task<IReadOnlyList<IndexHit>> SearchAsync(
        string text, string? language, IndexFilter filter, int limit, SearchMode mode = SearchMode.Hybrid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filter);
        language ??= LanguageGuess.Of(text);
        var indonesian = string.Equals(language, "id", StringComparison.OrdinalIgnoreCase);
        var lexicon = BilingualLexicon.Default;
        var translate = options.Value.TranslateQueryTerms;

        // Lexical side: the question's own terms and, translated word by word, the other language's (all renderings).
        var lexical = TextAnalyzer.Analyze(text, language);
        var translated = !translate ? string.Empty : indonesian ? lexicon.EnglishTerms(text) : lexicon.IndonesianTerms(text);
        if (translated.Length > 0)
        {
            lexical = (lexical + " " + TextAnalyzer.Analyze(translated, indonesian ? "en" : "id")).Trim();
        }

        if (mode == SearchMode.Lexical)
        {
            var lexicalQuery = new IndexQuery([], lexical, filter, limit, mode);
            return await SearchIndexAsync(lexicalQuery, Task.FromResult<float[]>([]), cancellationToken).ConfigureAwait(false);
        }

        // Dense side: the model is English-trained and Indonesian chunks are embedded through their English gloss, so an
        // Indonesian question is embedded as its English gloss too: one embedding and one index search, like an English
        // question. (Reading it twice — with its gloss and as the gloss alone, fused — answered one more of the 120 seed
        // questions and none more of the held-out ones, at twice the time; docs/knowledge-benchmarks.md.)
        var gloss = translate && indonesian ? lexicon.ToEnglish(text) : string.Empty;
        var embedded = gloss.Length > 0 ? gloss : text;

        // The index does its lexical side on a pool thread while this thread embeds the question (CPU-bound, most of a
        // query's time); the index then takes the vector for its dense side. Embedding here rather than on the pool
        // keeps the longer half of the work off a thread hop.
        var vector = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = new IndexQuery([], lexical, filter, limit, mode);
        var searching = Task.Run(() => SearchIndexAsync(query, vector.Task, cancellationToken), cancellationToken);
        try
        {
            vector.TrySetResult(await _queries.EmbedAsync(embedded, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // The index is waiting for the vector: end its wait with the same failure, and observe it.
            vector.TrySetException(ex);
            try
            {
                await searching.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The embedding's own exception is the one to report.
            }

            throw;
        }

        return await searching.ConfigureAwait(false);
    }

    /// <summary>The index's answer; the fallback's while the index is unreachable (when there is a fallback).</summary>
    private async Task<IReadOnlyList<IndexHit>> SearchIndexAsync(IndexQuery query, Task<float[]> vector, CancellationToken cancellationToken)
    {
        if (fallback is null)
        {
            return await index.SearchAsync(query, vector, cancellationToken).ConfigureAwait(false);
        }

        if (fallback.SkipIndex)
        {
            return await fallback.SearchAsync(query, vector, index.Name, null, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var hits = await index.SearchAsync(query, vector, cancellationToken).ConfigureAwait(false);
            fallback.IndexAnswered(index.Name);
            return hits;
        }
        catch (KnowledgeIndexUnavailableException exception)
        {
            return await fallback.SearchAsync(query, vector, index.Name, exception, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The hits in the order to quote them. The index fuses its dense and lexical rankings alike, which is right for
    /// finding candidates; which one answers is better judged by the side that understands the question: the embedding
    /// model is English-trained, so for an English question the dense ranking leads, and for any other the lexical one
    /// (which the lexicon has given the English terms). Each hit scores weight / (k + rank) per side, its dense rank
    /// taken by similarity among the hits and its lexical rank from the index, and for an English question an English
    /// passage scores a little more (as if first on a third, light side); ties keep the index's order.
    /// </summary>
    internal static IReadOnlyList<IndexHit> RankForAnswer(IReadOnlyList<IndexHit> hits, string? language)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var english = !string.Equals(language, "id", StringComparison.OrdinalIgnoreCase);
        var (dense, lexical) = english ? (EnglishDenseWeight, EnglishLexicalWeight) : (OtherDenseWeight, OtherLexicalWeight);
        var denseRank = hits.Select((hit, i) => (hit.Similarity, i)).OrderByDescending(p => p.Similarity).ThenBy(p => p.i)
            .Select((p, rank) => (p.i, Rank: rank + 1)).ToDictionary(p => p.i, p => p.Rank);
        return hits
            .Select((hit, i) => (Hit: hit, Score: dense / (AnswerRankConstant + denseRank[i])
                + (hit.LexicalRank is { } r ? lexical / (AnswerRankConstant + r) : 0)
                + (english && !string.Equals(hit.Chunk.Language, "id", StringComparison.OrdinalIgnoreCase) ? EnglishPassageWeight / (AnswerRankConstant + 1) : 0)))
            .OrderByDescending(p => p.Score)
            .Select(p => p.Hit)
            .ToArray();
    }

    private static KnowledgePassage ToPassage(IndexHit hit) => new(
        hit.Chunk.DocumentId,
        hit.Chunk.Version,
        hit.Chunk.Title,
        hit.Chunk.HeadingPath,
        hit.Chunk.Text,
        hit.Chunk.Language,
        hit.Score,
        hit.Similarity);
}
