using System.Diagnostics;
using CsCheck;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests.Entities;

/// <summary>
/// Property-based fuzzing of the entity recognisers (docs/hostile-input.md): on random, mutated and adversarial text
/// (long runs of digits, dashes, spaces and @ that make regexes backtrack) they never throw, never hang, return
/// well-formed matches, and finish within a time bound per message.
/// </summary>
public sealed class EntityRecognizerFuzzTests(ITestOutputHelper output)
{
    /// <summary>
    /// A message is at most 10,000 characters (Direct Line refuses longer), but the generators go to 20,000. Every
    /// pattern has a 200 ms match timeout that the recogniser absorbs, so even the worst message should be far below this.
    /// </summary>
    private static readonly TimeSpan PerMessage = TimeSpan.FromSeconds(3);

    [Fact]
    public void Recognize_never_throws_and_returns_well_formed_matches_on_hostile_text()
    {
        var recognizer = Recognizers.Friday;

        Fuzzing.Run("EntityRecognizer.Recognize", HostileText.Any, text =>
        {
            var matches = Fuzzing.Within(PerMessage, "Recognize", () => recognizer.Recognize(text));
            Recognizers.AssertWellFormed(text, matches);
        }, iterations: 1_000, output);
    }

    [Fact]
    public void Each_recogniser_finishes_long_runs_of_digits_dashes_spaces_and_at_signs_within_the_bound()
    {
        var today = new DateOnly(2026, 11, 27);
        var slowest = TimeSpan.Zero;

        Fuzzing.Run("Identifier/Contact/Money/Date/OrderNumber recognisers (backtracking runs)", HostileText.BacktrackingRun, text =>
        {
            var clock = Stopwatch.StartNew();
            Fuzzing.Within(PerMessage, "the recognisers", () =>
            {
                var candidates = new List<EntityCandidate>();
                Absorbing(() => IdentifierRecognizer.Collect(text, candidates));
                Absorbing(() => ContactRecognizer.Collect(text, candidates));
                Absorbing(() => MoneyRecognizer.Collect(text, candidates));
                Absorbing(() => DateRecognizer.Collect(text, today, candidates));
                return OrderNumberRecognizer.FindOrderNumber(text);
            });
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }, iterations: 250, output);

        output.WriteLine($"slowest message: {slowest.TotalMilliseconds:0} ms (bound {PerMessage.TotalSeconds} s)");
    }

    [Fact]
    public void Recognize_finds_the_same_ids_when_hostile_text_surrounds_them()
    {
        var recognizer = Recognizers.Friday;
        var gen = Gen.Select(HostileText.Any, HostileText.Any, Gen.Int[100_000, 999_999]);

        Fuzzing.Run("EntityRecognizer.Recognize (id inside hostile text)", gen, t =>
        {
            var (before, after, digits) = t;
            var text = $"{Fuzzing.Preview(before)} . ORD-{digits} . {Fuzzing.Preview(after)}";
            var matches = Fuzzing.Within(PerMessage, "Recognize", () => recognizer.Recognize(text));

            Recognizers.AssertWellFormed(text, matches);
            // The id wins unless the hostile text glued something onto it that makes a longer, different entity.
            Assert.Contains(matches, m => m.Type == EntityTypes.OrderId && m.Value == $"ORD-{digits}" ||
                m.Start <= text.IndexOf($"ORD-{digits}", StringComparison.Ordinal) && m.Start + m.Length >= text.IndexOf($"ORD-{digits}", StringComparison.Ordinal) + 10);
        }, iterations: 500, output, print: t => $"{Fuzzing.Preview(t.Item1)} | {Fuzzing.Preview(t.Item2)} | {t.Item3}");
    }

    /// <summary>The recogniser swallows a pattern's safety timeout (see EntityRecognizer.Collect); so do the raw recognisers here.</summary>
    private static void Absorbing(Action recognize)
    {
        try
        {
            recognize();
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
        }
    }
}
