using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>How the int8 weights are scaled: one scale per output column, or one for the whole matrix.</summary>
internal enum WeightScale
{
    PerColumn,
    PerTensor,
}

/// <summary>What <see cref="MiniLmQuantizer.Quantize"/> did, for the log.</summary>
internal sealed record QuantizationSummary(int MatMuls, int MatMulsQuantized, int BiasesFolded, long WeightsQuantized, int BytesBefore, int BytesAfter)
{
    public override string ToString() =>
        $"{MatMulsQuantized} of {MatMuls} MatMuls quantised ({WeightsQuantized:N0} weights), {BiasesFolded} bias Adds folded in; " +
        $"model {BytesBefore / 1048576.0:F1} MB -> {BytesAfter / 1048576.0:F1} MB";
}

/// <summary>
/// Dynamic int8 quantisation of an ONNX transformer (<see cref="ClassifierOptions.Int8Embeddings"/>; measured in
/// docs/load.md, "An int8 embedding model"), done on the protobuf: every MatMul whose right-hand side is a float
/// initializer of shape [K, N] becomes ONNX Runtime's contrib op <c>com.microsoft.DynamicQuantizeMatMul</c>
/// (inputs A float, B int8, b_scale float, b_zero_point, bias). The weights are quantised symmetrically (zero point 0,
/// range ±127, round half to even) per output column or per tensor; the activations are quantised by the op at run
/// time from each call's own range. A MatMul followed by an Add of a float [N] initializer takes that as its bias, so
/// one op replaces two. Attention's activation × activation MatMuls, the embedding tables (Gather: a lookup, no
/// arithmetic to save) and the layer norms stay float.
/// </summary>
internal static class MiniLmQuantizer
{
    private const string ContribDomain = "com.microsoft";

    public static (byte[] Model, QuantizationSummary Summary) Quantize(byte[] model, WeightScale scale)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(node => node.Input.Select(input => (input, node)))
            .ToLookup(p => p.input, p => p.node, StringComparer.Ordinal);

        int matMuls = 0, quantized = 0, folded = 0;
        long weights = 0;
        var removed = new HashSet<NodeProto>();
        var replacedWeights = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node.ToArray())
        {
            if (node.OpType != "MatMul" || node.Domain is not ("" or "ai.onnx"))
            {
                continue;
            }

            matMuls++;
            if (node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weight)
                || weight.DataType != (int)TensorProto.Types.DataType.Float
                || weight.Dims.Count != 2)
            {
                continue;
            }

            var (k, n) = (checked((int)weight.Dims[0]), checked((int)weight.Dims[1]));
            var values = FloatValues(weight);
            var (int8, scales) = QuantizeColumns(values, k, n, scale);
            var name = node.Input[1];
            var quantizedName = $"{name}_int8";
            var scaleName = $"{name}_scale";
            if (!initializers.ContainsKey(quantizedName))
            {
                var quantizedTensor = new TensorProto { Name = quantizedName, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(int8.AsSpan())) };
                quantizedTensor.Dims.AddRange(new long[] { k, n });
                var scaleTensor = new TensorProto { Name = scaleName, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
                if (scale == WeightScale.PerColumn)
                {
                    scaleTensor.Dims.Add(n);
                }

                graph.Initializer.Add(quantizedTensor);
                graph.Initializer.Add(scaleTensor);
                initializers[quantizedName] = quantizedTensor;
                initializers[scaleName] = scaleTensor;
                weights += values.Length;
            }

            replacedWeights.Add(name);
            var input = node.Input[0];
            var output = node.Output[0];
            var bias = string.Empty;

            // Fold "MatMul → Add(bias)" when the product goes nowhere else: the op adds the bias in its output loop.
            var users = consumers[output].ToArray();
            if (users is [{ OpType: "Add", Input.Count: 2 } add] && !graphOutputs.Contains(output))
            {
                var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
                if (initializers.TryGetValue(other, out var biasTensor)
                    && biasTensor.DataType == (int)TensorProto.Types.DataType.Float
                    && biasTensor.Dims.Count == 1 && biasTensor.Dims[0] == n)
                {
                    bias = other;
                    output = add.Output[0];
                    removed.Add(add);
                    folded++;
                }
            }

            node.OpType = "DynamicQuantizeMatMul";
            node.Domain = ContribDomain;
            node.Input.Clear();
            // b_zero_point left empty: symmetric weights, zero point 0 (the op's default).
            node.Input.AddRange(bias.Length > 0 ? new[] { input, quantizedName, scaleName, string.Empty, bias } : new[] { input, quantizedName, scaleName });
            node.Output.Clear();
            node.Output.Add(output);
            quantized++;
        }

        foreach (var node in removed)
        {
            graph.Node.Remove(node);
        }

        // Drop the float weights nothing reads any more (a weight could in principle feed something else too).
        var stillUsed = graph.Node.SelectMany(node => node.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var name in replacedWeights.Where(name => !stillUsed.Contains(name)))
        {
            graph.Initializer.Remove(initializers[name]);
            if (graph.Input.FirstOrDefault(i => i.Name == name) is { } declared)
            {
                graph.Input.Remove(declared);
            }
        }

        if (!proto.OpsetImport.Any(o => o.Domain == ContribDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ContribDomain, Version = 1 });
        }

        var bytes = proto.ToByteArray();
        return (bytes, new QuantizationSummary(matMuls, quantized, folded, weights, model.Length, bytes.Length));
    }

    /// <summary>
    /// Symmetric int8: scale = max |w| / 127 over each column (or the whole matrix), q = round(w / scale). Column j of a
    /// [K, N] row-major matrix is every N-th value from j.
    /// </summary>
    internal static (sbyte[] Values, float[] Scales) QuantizeColumns(float[] values, int k, int n, WeightScale scale)
    {
        if (values.Length != k * n)
        {
            throw new ArgumentException($"Expected {k}×{n} values, got {values.Length}.", nameof(values));
        }

        var maxima = new float[scale == WeightScale.PerColumn ? n : 1];
        for (var i = 0; i < values.Length; i++)
        {
            ref var max = ref maxima[scale == WeightScale.PerColumn ? i % n : 0];
            max = MathF.Max(max, MathF.Abs(values[i]));
        }

        var scales = maxima.Select(m => m > 0 ? m / 127f : 1f).ToArray();
        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var s = scales[scale == WeightScale.PerColumn ? i % n : 0];
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / s, MidpointRounding.ToEven), -127f, 127f);
        }

        return (quantized, scales);
    }

    private static float[] FloatValues(TensorProto tensor)
    {
        if (tensor.FloatData.Count > 0)
        {
            return [.. tensor.FloatData];
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new NotSupportedException($"Initializer {tensor.Name} is stored outside the model file.");
        }

        // raw_data is little-endian, as is every machine this runs on.
        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }
}
