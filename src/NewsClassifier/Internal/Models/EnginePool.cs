using System.Collections.Concurrent;
using Microsoft.ML;

using NewsClassifier.Modeling;

namespace NewsClassifier.Internal.Models;

/// <summary>
/// A PredictionEngine is not thread-safe, so each caller rents its own and gives it back; engines are
/// created on demand and reused, so the pool grows to the number of threads that tag at once.
/// </summary>
internal sealed class EnginePool<TIn, TOut>(MLContext ml, ITransformer model)
    where TIn : class
    where TOut : class, new()
{
    private readonly ConcurrentBag<PredictionEngine<TIn, TOut>> _idle = [];

    public TOut Predict(TIn input)
    {
        var engine = _idle.TryTake(out var e) ? e : ml.Model.CreatePredictionEngine<TIn, TOut>(model);
        try
        {
            // A fresh output object each call: the caller may keep it while the engine serves another thread.
            var output = new TOut();
            engine.Predict(input, ref output);
            return output;
        }
        finally
        {
            _idle.Add(engine);
        }
    }
}
