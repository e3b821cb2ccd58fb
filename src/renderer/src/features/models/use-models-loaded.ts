import { useEffect } from 'react'
import { useStores } from '../../stores/stores-context'

/** Loads the catalogue, downloads and installed models when a models screen shows (connectStores keeps them current). */
export function useModelsLoaded(): void {
  const stores = useStores()
  useEffect(() => {
    void stores.models.getState().load()
  }, [stores])
}
