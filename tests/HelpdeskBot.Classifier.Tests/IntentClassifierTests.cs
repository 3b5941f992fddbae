using HelpdeskBot.Classifier.Intents;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

[Collection(TrainedClassifierGroup.Name)]
public sealed class IntentClassifierTests(TrainedClassifierFixture fixture, ITestOutputHelper output)
{
    private readonly IntentClassifier _classifier = fixture.Classifier;

    // Floors sit a little under the accuracy measured on the held-out split (see the report), so that a regression
    // in the data or the pipeline fails here. Measured: en 40/42 in-scope, 44/45 OOS; id 42/42 in-scope, 44/45 OOS.
    [Theory]
    [InlineData("en", 0.92, 0.93)]
    [InlineData("id", 0.95, 0.93)]
    public void Held_out_split_accuracy_stays_above_the_measured_floor(string language, double inScopeFloor, double oosRecallFloor)
    {
        var results = IntentExamples.HeldOut
            .Where(e => e.Language == language)
            .Select(e => (Example: e, Prediction: _classifier.Classify(e.Text)))
            .ToList();
        foreach (var (example, prediction) in results.Where(r => r.Prediction.Intent != r.Example.Intent))
        {
            output.WriteLine($"miss: '{example.Text}' {example.Intent} -> {prediction.Intent} ({prediction.Confidence:F2})");
        }

        var evaluation = IntentEvaluation.Of(results.Select(r => (r.Example.Intent, r.Prediction)));
        output.WriteLine($"{language}: {evaluation}");

        Assert.True(evaluation.InScopeAccuracy >= inScopeFloor, $"in-scope accuracy {evaluation.InScopeAccuracy:P1} < {inScopeFloor:P0}");
        Assert.True(evaluation.OosRecall >= oosRecallFloor, $"OOS recall {evaluation.OosRecall:P1} < {oosRecallFloor:P0}");
    }

    public static TheoryData<string, string> Examples() => new()
    {
        { "where is my order ORD-100123?", IntentNames.OrderStatus },
        { "status of #100123", IntentNames.OrderStatus },
        { "order 100123", IntentNames.OrderStatus },
        { "can you check order no. 100123 for me", IntentNames.OrderStatus },
        { "has my order shipped?", IntentNames.OrderStatus },
        { "pesanan saya ORD-100123 sudah sampai mana?", IntentNames.OrderStatus },
        { "status pesanan #100123 gimana?", IntentNames.OrderStatus },
        { "tolong cek pesanan 100123 ya kak", IntentNames.OrderStatus },
        { "paket sy udah sampe mana ya", IntentNames.OrderStatus },
        { "kiriman saya kok blm nyampe", IntentNames.OrderStatus },
        { "hello, good morning", IntentNames.SmalltalkGreeting },
        { "hey hi!", IntentNames.SmalltalkGreeting },
        { "halo kak, selamat siang", IntentNames.SmalltalkGreeting },
        { "hai min, pagi", IntentNames.SmalltalkGreeting },
        { "what can you do for me?", IntentNames.BotHelp },
        { "I need help using this bot", IntentNames.BotHelp },
        { "kamu bisa bantu apa aja?", IntentNames.BotHelp },
        { "tolong bantu, saya bingung", IntentNames.BotHelp },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_utterances_get_their_intent_in_both_languages(string text, string expected)
    {
        var prediction = _classifier.Classify(text);

        Assert.Equal(expected, prediction.Intent);
        Assert.True(prediction.Confidence >= fixture.Options.ConfidenceThreshold);
    }

    [Theory]
    [InlineData("what's the weather in Paris")]
    [InlineData("tell me a joke")]
    [InlineData("siapa presiden pertama Indonesia")]
    [InlineData("order me a burger")]
    [InlineData("what's the status of the tennis match")]
    [InlineData("pesankan nasi padang dong")]
    [InlineData("cuaca di bali besok gimana")]
    [InlineData("how do I bake a cake")]
    public void Obvious_out_of_scope_utterances_are_out_of_scope(string text)
    {
        var prediction = _classifier.Classify(text);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void The_examples_above_are_not_in_the_training_data()
    {
        var training = IntentExamples.Training.Select(e => TextNormalizer.Normalize(e.Text)).ToHashSet();
        var examples = Examples().Select(row => (string)row[0]).Append("what's the weather in Paris").Append("tell me a joke").Append("siapa presiden pertama Indonesia");

        Assert.DoesNotContain(examples, text => training.Contains(TextNormalizer.Normalize(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("?!")]
    public void Empty_or_whitespace_text_is_out_of_scope_with_confidence_zero(string text)
    {
        var prediction = _classifier.Classify(text);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0f, prediction.Confidence);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void The_ranking_lists_every_class_best_first_with_probabilities_that_sum_to_one()
    {
        var prediction = _classifier.Classify("where is my package");

        Assert.Equal(fixture.Model.Intents.Order(), prediction.Ranking.Select(s => s.Intent).Order());
        Assert.Equal(prediction.Ranking.OrderByDescending(s => s.Score), prediction.Ranking);
        Assert.Equal(1.0, prediction.Ranking.Sum(s => s.Score), 3);
    }

    [Fact]
    public void Classify_from_many_threads_at_once_gives_the_same_answers_as_one_thread()
    {
        var texts = IntentExamples.HeldOut.Select(e => e.Text).ToArray();
        var expected = texts.Select(_classifier.Classify).ToArray();
        var results = new IntentPrediction[16][];
        using var start = new Barrier(results.Length);

        var threads = Enumerable.Range(0, results.Length).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            // Each thread walks the texts from a different offset so different engines see different inputs.
            results[t] = [.. texts.Select((_, i) => _classifier.Classify(texts[(i + t * 7) % texts.Length]))];
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        for (var t = 0; t < results.Length; t++)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                var want = expected[(i + t * 7) % texts.Length];
                Assert.Equal(want.Intent, results[t][i].Intent);
                Assert.Equal(want.Confidence, results[t][i].Confidence);
            }
        }
    }
}
