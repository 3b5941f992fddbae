using HelpdeskBot.Classifier.Intents;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

[Collection(TrainedClassifierGroup.Name)]
public sealed class IntentClassifierTests(TrainedClassifierFixture fixture, ITestOutputHelper output)
{
    private readonly IntentClassifier _classifier = fixture.Classifier;

    // Floors sit a little under the accuracy measured on the held-out split (see the report), so that a regression
    // in the data or the pipeline fails here. Measured on 626 held-out rows (2,943 training rows, char 2-5-grams,
    // embedding weight 2): en 98.5% in-scope, 95.5% OOS recall; id 95.7% in-scope, 96.9% OOS recall (the goal is
    // 95% accuracy / 90% OOS recall in each language).
    [Theory]
    [InlineData("en", 0.96, 0.92)]
    [InlineData("id", 0.93, 0.92)]
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

        var evaluation = IntentEvaluationReport.Of(results).Overall;
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
        Assert.True(prediction.Confidence >= fixture.Model.Calibration!.ConfidenceThreshold);
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
    [InlineData("😀😀🎉")]
    [InlineData("👍🏽")]
    [InlineData("\u0000\u0007\u001b\u007f")]
    [InlineData("\u200b\u200d\ufeff")]
    [InlineData("\ud83d")]
    public void Text_with_nothing_to_classify_is_out_of_scope_with_confidence_zero(string text)
    {
        var prediction = _classifier.Classify(text);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0f, prediction.Confidence);
        Assert.False(prediction.IsAmbiguous);
    }

    public static TheoryData<string> BadInput() => new()
    {
        string.Concat(Enumerable.Repeat("x", 10_000)),
        string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 400)),
        "你好，我想知道明天的天气",
        "Привет, как дела у тебя",
        "مرحبا كيف حالك اليوم",
        "こんにちは、元気ですか",
        "สวัสดีครับ วันนี้อากาศดีไหม",
        "ab\u0000cd\u0001ef\u007f gh\r\n\t ij",
        "\u001b[31mred\u001b[0m",
        "\ud800 lone surrogates \udfff everywhere",
        "asdfghjkl qwertyuiop",
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_out_of_scope_and_never_throws(string text)
    {
        var prediction = _classifier.Classify(text);
        output.WriteLine($"{prediction.Intent} {prediction.Confidence:F2}: {string.Join(", ", prediction.Ranking.Take(3))}");

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.InRange(prediction.Confidence, 0f, 1f);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void A_paste_of_10000_characters_is_out_of_scope_even_when_it_starts_like_an_intent_and_costs_nothing()
    {
        var text = "where is my order ORD-100123? " + string.Concat(Enumerable.Repeat("it was supposed to arrive last week. ", 300));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var prediction = _classifier.Classify(text);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.True(text.Length > 10_000);
        Assert.Equal(IntentDecision.Nothing, prediction);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed}");
    }

    [Fact]
    public void A_message_just_under_the_length_limit_is_still_classified()
    {
        var text = "where is my order ORD-100123? " + string.Concat(Enumerable.Repeat("it was supposed to arrive last week. ", 40));

        Assert.True(text.Length <= IntentModel.MaxMessageLength);
        Assert.Equal(IntentNames.OrderStatus, _classifier.Classify(text).Intent);
    }

    [Fact]
    public void The_prediction_carries_the_sentence_embedding_for_the_knowledge_base()
    {
        var prediction = _classifier.Classify("how many leave days do I have left");

        Assert.Equal(MiniLmSentenceEmbedder.VectorLength, prediction.Embedding.Length);
        var norm = Math.Sqrt(prediction.Embedding.ToArray().Sum(x => (double)x * x));
        Assert.Equal(1.0, norm, 3);
        Assert.True(IntentDecision.Nothing.Embedding.IsEmpty);
    }

    [Fact]
    public void Classifying_with_an_embedding_computed_beforehand_gives_the_same_answer()
    {
        const string text = "saya mau reset password email kantor";
        var embedding = TestEmbedder.Instance.Embed(text);

        var withEmbedding = _classifier.Classify(text, embedding);
        var withoutEmbedding = _classifier.Classify(text);

        Assert.Equal(withoutEmbedding.Intent, withEmbedding.Intent);
        Assert.Equal(withoutEmbedding.Confidence, withEmbedding.Confidence);
        Assert.Equal(IntentNames.ItPasswordReset, withEmbedding.Intent);
    }

    [Fact]
    public void An_embedding_of_the_wrong_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _classifier.Classify("where is my order", new float[7]));
    }

    [Fact]
    public void Training_on_the_full_data_takes_seconds_and_the_evaluation_api_reports_per_language_and_intent()
    {
        output.WriteLine($"trained {fixture.Model.Intents.Count} classes on {IntentExamples.Training.Count} utterances in {fixture.Model.LoadTime.TotalSeconds:F1} s");
        var report = _classifier.Evaluate(IntentExamples.HeldOut);
        output.WriteLine(report.ToString());

        // Measured 25-40 s (embedding ~12 s, 3-fold calibration and the final fit in parallel) on 2 cores shared with
        // other builds; the bound only catches a pipeline that became much slower.
        Assert.Equal(IntentModelSource.Trained, fixture.Model.Source);
        Assert.True(fixture.Model.LoadTime < TimeSpan.FromSeconds(120), $"training took {fixture.Model.LoadTime}");
        Assert.Equal(["en", "id"], report.Languages.Select(l => l.Language));
        Assert.Contains(report.Intents, i => i.Intent == IntentNames.OutOfScope && i.Support > 0);
        Assert.Equal(IntentExamples.HeldOut.Count, report.Overall.Total);
        Assert.True(report.TopConfusions.Count <= IntentEvaluationReport.ConfusionsShown);
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
